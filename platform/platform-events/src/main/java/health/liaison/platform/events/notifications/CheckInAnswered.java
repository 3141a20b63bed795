package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * The patient answered a post-op check-in (kind POST_OP_CHECK_IN) by text: {@code answer} is a code, BETTER, SAME or
 * WORSE, never the text itself. {@code messageId} is the check-in answered; published once per check-in (the first
 * answer counts).
 */
@EventType(value = "health.liaison.notifications.message.check-in-answered.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record CheckInAnswered(String messageId, String patientId, String locationId, String appointmentId,
                              String answer, Instant answeredAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
