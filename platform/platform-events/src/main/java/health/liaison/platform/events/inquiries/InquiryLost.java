package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** An inquiry was closed as LOST; {@code reason} is one of PRICE, TIMING, WENT_ELSEWHERE, NOT_A_CANDIDATE, NO_ANSWER, OTHER. */
@EventType(value = "health.liaison.records.inquiry.lost.v1", topic = Topics.RECORDS_INQUIRY)
public record InquiryLost(String inquiryId, String locationId, String reason, Instant lostAt) implements DomainEvent {

    @Override
    public String subject() {
        return inquiryId;
    }
}
