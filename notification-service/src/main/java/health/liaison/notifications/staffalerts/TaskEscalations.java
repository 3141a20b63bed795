package health.liaison.notifications.staffalerts;

import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * A follow-up task escalated by records ({@code task.overdue}) is e-mailed to the clinic's coordinators
 * ({@code liaison.notifications.clinics.<location>.coordinator-email}, the staff-alert mechanism of stock alerts):
 * task id, kind, owner, who it was escalated to, when it was due; no patient or inquirer. One per task (the id derives
 * from it), so a redelivery sends nothing twice.
 */
@Component
class TaskEscalations {

    static final String KIND = "TASK_OVERDUE";

    private final Messages messages;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    TaskEscalations(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("task-escalations").on(TaskOverdue.class, this::overdue);
    }

    @KafkaListener(topics = Topics.RECORDS_TASK, groupId = "${spring.kafka.consumer.group-id}.task-escalations")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void overdue(ReceivedEvent<TaskOverdue> event) {
        TaskOverdue overdue = event.payload();
        Instant now = clock.instant();
        messages.plan(Message.forStaff("task-overdue-" + overdue.taskId() + "-EMAIL", "COORDINATOR", overdue.locationId(),
                KIND, now, Map.of("taskId", overdue.taskId(), "kind", overdue.kind(),
                        "ownerId", overdue.ownerId() == null ? "the team" : overdue.ownerId(),
                        "escalatedTo", overdue.escalatedTo() == null ? "the clinic's coordinators" : overdue.escalatedTo(),
                        "dueAt", overdue.dueAt().toString()), event.id(), now));
    }
}
