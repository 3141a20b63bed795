package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A deposit was paid in full: scheduling confirms the held surgery date, records ticks DEPOSIT_PAID. */
@EventType(value = "health.liaison.billing.deposit.paid.v1", topic = Topics.BILLING_INVOICE)
public record DepositPaid(String invoiceId, String quoteId, String patientId, String locationId, String appointmentId, Instant paidAt) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
