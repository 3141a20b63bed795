package health.liaison.platform.events.notifications;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * A message could not be sent and will not be retried; it waits in the coordinators' failed-messages list.
 * {@code reasonCode} is a code (PROVIDER_REJECTED, RETRIES_EXHAUSTED, TEMPLATE_FAILED, CONTACT_UNAVAILABLE,
 * BOUNCED, UNDELIVERED), never provider text.
 */
@EventType(value = "health.liaison.notifications.message.failed.v1", topic = Topics.NOTIFICATIONS_MESSAGE)
public record MessageFailed(String messageId, String patientId, String locationId, String appointmentId, String kind,
                            String channel, String reasonCode, int attempts, Instant failedAt) implements DomainEvent {

    @Override
    public String subject() {
        return messageId;
    }
}
