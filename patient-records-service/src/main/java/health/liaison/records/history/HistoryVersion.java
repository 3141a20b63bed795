package health.liaison.records.history;

import java.time.Instant;

/** One stored version of a patient's medical history: who recorded it, when, and the sealed intake. */
public record HistoryVersion(String id, String patientId, int version, String sealedIntake, String recordedBy,
                             Instant recordedAt) {
}
