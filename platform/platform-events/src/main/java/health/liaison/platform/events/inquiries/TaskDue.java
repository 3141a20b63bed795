package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A follow-up task was created (by hand or by a rule) and is due at {@code dueAt}; {@code kind} e.g. FIRST_RESPONSE, CALL_BACK, SEND_PRICE_LIST, CHASE_CLEARANCE; {@code subjectType} INQUIRY or PATIENT with its id. */
@EventType(value = "health.liaison.records.task.due.v1", topic = Topics.RECORDS_TASK)
public record TaskDue(String taskId, String locationId, String ownerId, String kind, String subjectType, String subjectId, Instant dueAt, Instant createdAt) implements DomainEvent {

    @Override
    public String subject() {
        return taskId;
    }
}
