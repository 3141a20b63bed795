package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A patient signed a consent form; {@code consentType} is a procedure type (e.g. breast-augmentation) or "photography". */
@EventType(value = "health.liaison.records.patient.consent-signed.v1", topic = Topics.RECORDS_PATIENT)
public record ConsentSigned(String consentId, String patientId, String locationId, String consentType, int templateVersion, Instant signedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
