package health.liaison.notifications.welcome;

import java.time.Instant;

/** A message to a patient. Holds no contact details: those are fetched from records at send time. */
public record Message(String id, String patientId, String locationId, String kind, String status,
                      String sourceEventId, Instant createdAt) {
}
