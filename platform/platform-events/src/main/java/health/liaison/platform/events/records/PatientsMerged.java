package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** Two charts of the same person were merged: {@code mergedPatientId} now points to {@code survivingPatientId}; other services move what they hold under the merged id. */
@EventType(value = "health.liaison.records.patient.merged.v1", topic = Topics.RECORDS_PATIENT)
public record PatientsMerged(String survivingPatientId, String mergedPatientId, String locationId, Instant mergedAt) implements DomainEvent {

    @Override
    public String subject() {
        return mergedPatientId;
    }
}
