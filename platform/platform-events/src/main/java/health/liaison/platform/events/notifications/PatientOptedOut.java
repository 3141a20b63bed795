package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * The patient replied STOP to a message: no further messages on {@code channel} (SMS) until they opt in again.
 * {@code messageId} is the message answered.
 */
@EventType(value = "health.liaison.notifications.message.patient-opted-out.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record PatientOptedOut(String messageId, String patientId, String locationId, String channel,
                              Instant optedOutAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
