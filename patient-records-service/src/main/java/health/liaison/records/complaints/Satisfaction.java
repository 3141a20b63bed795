package health.liaison.records.complaints;

import java.time.Instant;

/** A post-visit satisfaction answer (0–10, "how likely to recommend"), one per visit. */
public record Satisfaction(String id, String patientId, String locationId, String appointmentId, int score,
                           String sealedComment, Instant answeredAt) {
}
