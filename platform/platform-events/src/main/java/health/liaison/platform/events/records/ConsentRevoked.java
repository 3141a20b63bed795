package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A patient revoked a consent they had signed. */
@EventType(value = "health.liaison.records.patient.consent-revoked.v1", topic = Topics.RECORDS_PATIENT)
public record ConsentRevoked(String consentId, String patientId, String locationId, String consentType, Instant revokedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
