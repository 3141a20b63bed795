package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;

/** An invoice passed its due date unpaid. */
@EventType(value = "health.liaison.billing.invoice.overdue.v1", topic = Topics.BILLING_INVOICE)
public record InvoiceOverdue(String invoiceId, String patientId, String locationId, LocalDate dueOn, Instant detectedAt) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
