package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** An inquiry became a patient with a booked consultation (a new chart, or linked to an existing one). */
@EventType(value = "health.liaison.records.inquiry.converted.v1", topic = Topics.RECORDS_INQUIRY)
public record InquiryConverted(String inquiryId, String locationId, String patientId, String consultationAppointmentId, Instant convertedAt) implements DomainEvent {

    @Override
    public String subject() {
        return inquiryId;
    }
}
