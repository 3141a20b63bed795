package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;

/** A deposit is due for a surgery ({@code appointmentId} when the date is held). */
@EventType(value = "health.liaison.billing.deposit.invoiced.v1", topic = Topics.BILLING_INVOICE)
public record DepositInvoiced(String invoiceId, String quoteId, String patientId, String locationId, String appointmentId, LocalDate dueOn, Instant invoicedAt) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
