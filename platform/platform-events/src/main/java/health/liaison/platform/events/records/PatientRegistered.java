package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A new chart was opened. Ids only: the notification service asks records for contact details at send time. */
@EventType(value = "health.liaison.records.patient.registered.v1", topic = Topics.RECORDS_PATIENT)
public record PatientRegistered(String patientId, String locationId, Instant registeredAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
