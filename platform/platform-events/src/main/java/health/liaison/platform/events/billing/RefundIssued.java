package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A payment was refunded in part or in full. */
@EventType(value = "health.liaison.billing.refund.issued.v1", topic = Topics.BILLING_INVOICE)
public record RefundIssued(String refundId, String paymentId, String invoiceId, String patientId, String locationId, Instant issuedAt) implements DomainEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
