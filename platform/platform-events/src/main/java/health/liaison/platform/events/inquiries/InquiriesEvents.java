package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/**
 * The events of inquiries (a prospective patient's first contact and its follow-up) and follow-up tasks. Records
 * publishes them: it owns the inquirer's sealed contact details and the audit trail. Each has a pinned JSON sample in
 * the contract test.
 */
public final class InquiriesEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(InquiryReceived.class, InquiryContacted.class,
            InquiryConverted.class, InquiryWon.class, InquiryLost.class, TaskDue.class, TaskOverdue.class,
            TaskCompleted.class);

    private InquiriesEvents() {
    }
}
