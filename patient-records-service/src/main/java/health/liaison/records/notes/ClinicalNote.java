package health.liaison.records.notes;

import java.time.Instant;

/** A clinical note or an addendum to one; sealed, never edited or deleted. */
public record ClinicalNote(String id, String patientId, String addendumTo, String kind, String sealedText,
                           String authorId, Instant writtenAt) {
}
