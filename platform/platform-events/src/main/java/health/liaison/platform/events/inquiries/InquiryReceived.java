package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A prospective patient first contacted a clinic. Who they are and what they wrote stay sealed in records; {@code interest} is the coded procedure of interest (an appointment type id or {@code OTHER}), {@code source} how they reached us (PHONE, WALK_IN, EMAIL, WEB_FORM, SMS, REFERRAL, CAMPAIGN). */
@EventType(value = "health.liaison.records.inquiry.received.v1", topic = Topics.RECORDS_INQUIRY)
public record InquiryReceived(String inquiryId, String locationId, String source, String interest, String ownerId, Instant firstResponseDueAt, Instant receivedAt) implements DomainEvent {

    @Override
    public String subject() {
        return inquiryId;
    }
}
