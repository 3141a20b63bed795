package health.liaison.records.tasks;

import java.time.Instant;

/**
 * A follow-up with a due time and an owner, about an inquiry or a chart: OPEN until DONE, ESCALATED to the clinic's
 * lead when it passed its due time undone, CANCELLED when its subject closed (an inquiry won or lost). A note may
 * name clinical details and is sealed. Tasks made by a rule have an id derived from their cause, so a redelivered
 * event makes none twice.
 */
public record Task(String id, String locationId, String kind, String subjectType, String subjectId, String ownerId,
                   Instant dueAt, String status, String sealedNote, String origin, Instant createdAt, String createdBy,
                   String escalatedTo, Instant escalatedAt, Instant completedAt, String completedBy) {

    public static final String OPEN = "OPEN";
    public static final String ESCALATED = "ESCALATED";
    public static final String DONE = "DONE";
    public static final String CANCELLED = "CANCELLED";

    public boolean pending() {
        return OPEN.equals(status) || ESCALATED.equals(status);
    }

    Task escalated(String lead, Instant at) {
        return new Task(id, locationId, kind, subjectType, subjectId, ownerId, dueAt, ESCALATED, sealedNote, origin,
                createdAt, createdBy, lead, at, null, null);
    }

    Task done(String by, Instant at) {
        return new Task(id, locationId, kind, subjectType, subjectId, ownerId, dueAt, DONE, sealedNote, origin,
                createdAt, createdBy, escalatedTo, escalatedAt, at, by);
    }

    Task cancelled(String by, Instant at) {
        return new Task(id, locationId, kind, subjectType, subjectId, ownerId, dueAt, CANCELLED, sealedNote, origin,
                createdAt, createdBy, escalatedTo, escalatedAt, at, by);
    }

    Task ownedBy(String owner) {
        return new Task(id, locationId, kind, subjectType, subjectId, owner, dueAt, status, sealedNote, origin,
                createdAt, createdBy, escalatedTo, escalatedAt, completedAt, completedBy);
    }
}
