package health.liaison.platform.events.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A task was done. */
@EventType(value = "health.liaison.records.task.completed.v1", topic = Topics.RECORDS_TASK)
public record TaskCompleted(String taskId, String locationId, String ownerId, String kind, Instant dueAt, Instant completedAt) implements DomainEvent {

    @Override
    public String subject() {
        return taskId;
    }
}
