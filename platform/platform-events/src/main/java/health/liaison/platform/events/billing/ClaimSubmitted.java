package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** An 837P claim was generated and submitted for a completed procedure. */
@EventType(value = "health.liaison.billing.claim.submitted.v1", topic = Topics.BILLING_CLAIM)
public record ClaimSubmitted(String claimId, String patientId, String locationId, String appointmentId, Instant submittedAt) implements DomainEvent {

    @Override
    public String subject() {
        return claimId;
    }
}
