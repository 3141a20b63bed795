package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A task passed its due time undone and was escalated to {@code escalatedTo} (the clinic's lead coordinator). */
@EventType(value = "health.liaison.records.task.overdue.v1", topic = Topics.RECORDS_TASK)
public record TaskOverdue(String taskId, String locationId, String ownerId, String escalatedTo, String kind, Instant dueAt, Instant overdueAt) implements DomainEvent {

    @Override
    public String subject() {
        return taskId;
    }
}
