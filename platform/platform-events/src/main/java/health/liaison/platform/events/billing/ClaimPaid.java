package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A remittance (835) paid a claim in whole or in part. */
@EventType(value = "health.liaison.billing.claim.paid.v1", topic = Topics.BILLING_CLAIM)
public record ClaimPaid(String claimId, String patientId, String locationId, Instant paidAt) implements DomainEvent {

    @Override
    public String subject() {
        return claimId;
    }
}
