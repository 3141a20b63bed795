package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A payment was taken on an invoice (tender only, no card data). */
@EventType(value = "health.liaison.billing.payment.received.v1", topic = Topics.BILLING_INVOICE)
public record PaymentReceived(String paymentId, String invoiceId, String patientId, String locationId, String tender, Instant receivedAt) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
