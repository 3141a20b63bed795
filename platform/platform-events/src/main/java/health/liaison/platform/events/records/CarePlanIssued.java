package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** Pre-op or post-op instructions were issued to a patient for a surgery; the notification service sends them (it reads their text from records). */
@EventType(value = "health.liaison.records.patient.care-plan-issued.v1", topic = Topics.RECORDS_PATIENT)
public record CarePlanIssued(String carePlanId, String patientId, String locationId, String appointmentId, String kind, Instant issuedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
