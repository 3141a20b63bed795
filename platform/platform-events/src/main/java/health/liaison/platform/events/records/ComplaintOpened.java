package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;

/** A patient concern or complaint was logged; its text stays in records. */
@EventType(value = "health.liaison.records.patient.complaint-opened.v1", topic = Topics.RECORDS_PATIENT)
public record ComplaintOpened(String complaintId, String patientId, String locationId, String category, LocalDate dueOn, Instant openedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
