package health.liaison.records.complaints;

import java.time.Instant;
import java.time.LocalDate;

/** A patient's concern or complaint: category, owner, due date from the category's SLA, sealed text, resolution. */
public record Complaint(String id, String patientId, String locationId, String category, String sealedDescription,
                        String ownerId, LocalDate dueOn, String status, Instant openedAt, String openedBy,
                        String sealedResolution, Instant resolvedAt, String resolvedBy) {
}
