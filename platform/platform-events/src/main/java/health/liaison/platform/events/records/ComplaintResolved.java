package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A patient concern or complaint was resolved. */
@EventType(value = "health.liaison.records.patient.complaint-resolved.v1", topic = Topics.RECORDS_PATIENT)
public record ComplaintResolved(String complaintId, String patientId, String locationId, String category, Instant resolvedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
