package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A patient's contact details or preferences changed; consumers that cache none need do nothing, those that route messages re-read them from records. */
@EventType(value = "health.liaison.records.patient.contact-changed.v1", topic = Topics.RECORDS_PATIENT)
public record PatientContactChanged(String patientId, String locationId, Instant changedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
