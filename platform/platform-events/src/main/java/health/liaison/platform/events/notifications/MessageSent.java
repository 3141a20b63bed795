package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * A provider accepted a message for a patient. {@code kind} is WELCOME, BOOKING_CONFIRMATION or REMINDER,
 * {@code channel} EMAIL or SMS; {@code appointmentId} is null for messages about no appointment. Ids only: neither
 * the address nor the text travel.
 */
@EventType(value = "health.liaison.notifications.message.sent.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record MessageSent(String messageId, String patientId, String locationId, String appointmentId, String kind,
                          String channel, Instant sentAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
