package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.math.BigDecimal;
import java.time.Instant;

/** A deposit was paid in full (the deposit invoice's total and currency): scheduling confirms the held surgery date, records ticks DEPOSIT_PAID. */
@EventType(value = "health.liaison.billing.deposit.paid.v1", topic = Topics.BILLING_INVOICE)
public record DepositPaid(String invoiceId, String quoteId, String patientId, String locationId, String appointmentId, Instant paidAt, BigDecimal amount, String currency) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
