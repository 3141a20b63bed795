package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.math.BigDecimal;
import java.time.Instant;

/** A payment was taken on an invoice: its amount, currency and tender (no card data, no reference). */
@EventType(value = "health.liaison.billing.payment.received.v1", topic = Topics.BILLING_INVOICE)
public record PaymentReceived(String paymentId, String invoiceId, String patientId, String locationId, String tender, Instant receivedAt, BigDecimal amount, String currency) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
