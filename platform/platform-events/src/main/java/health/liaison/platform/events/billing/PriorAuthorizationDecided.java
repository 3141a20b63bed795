package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;

/** The payer decided a prior authorization; {@code decision} is APPROVED or DENIED. */
@EventType(value = "health.liaison.billing.prior-authorization.decided.v1", topic = Topics.BILLING_CLAIM)
public record PriorAuthorizationDecided(String authorizationId, String patientId, String locationId, String appointmentId, String decision, LocalDate validFrom, LocalDate validTo, Instant decidedAt) implements DomainEvent {

    @Override
    public String subject() {
        return authorizationId;
    }
}
