package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A converted inquiry's patient booked a surgery: the inquiry is WON. */
@EventType(value = "health.liaison.records.inquiry.won.v1", topic = Topics.RECORDS_INQUIRY)
public record InquiryWon(String inquiryId, String locationId, String patientId, String surgeryAppointmentId, Instant wonAt) implements DomainEvent {

    @Override
    public String subject() {
        return inquiryId;
    }
}
