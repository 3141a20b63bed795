package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** The provider reported that a sent message reached the patient's handset or mailbox. */
@EventType(value = "health.liaison.notifications.message.delivered.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record MessageDelivered(String messageId, String patientId, String locationId, String channel,
                               Instant deliveredAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
