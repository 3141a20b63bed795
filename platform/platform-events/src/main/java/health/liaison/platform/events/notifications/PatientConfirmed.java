package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * The patient answered a reminder or confirmation with "C": scheduling may mark the appointment confirmed.
 * {@code messageId} is the message answered.
 */
@EventType(value = "health.liaison.notifications.message.patient-confirmed.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record PatientConfirmed(String messageId, String patientId, String locationId, String appointmentId,
                               Instant confirmedAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
