package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the notifications area publishes. Each has a pinned JSON sample in the contract test. */
public final class NotificationsEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(MessageSent.class, MessageDelivered.class,
            MessageFailed.class, PatientConfirmed.class, PatientOptedOut.class, CheckInAnswered.class);

    private NotificationsEvents() {
    }
}
