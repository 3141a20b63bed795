package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A remittance (835) denied a claim; {@code reasonCode} is the CARC code. */
@EventType(value = "health.liaison.billing.claim.denied.v1", topic = Topics.BILLING_CLAIM)
public record ClaimDenied(String claimId, String patientId, String locationId, String reasonCode, Instant deniedAt) implements DomainEvent {

    @Override
    public String subject() {
        return claimId;
    }
}
