package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A contact attempt with an inquirer was logged: {@code channel} (PHONE, EMAIL, SMS, IN_PERSON), {@code outcome} (REACHED, NO_ANSWER, LEFT_MESSAGE, WRONG_NUMBER), the attempt's number (1 = the first response), by which staff user. */
@EventType(value = "health.liaison.records.inquiry.contacted.v1", topic = Topics.RECORDS_INQUIRY)
public record InquiryContacted(String inquiryId, String locationId, String channel, String outcome, int attempt, String byUserId, Instant contactedAt) implements DomainEvent {

    @Override
    public String subject() {
        return inquiryId;
    }
}
