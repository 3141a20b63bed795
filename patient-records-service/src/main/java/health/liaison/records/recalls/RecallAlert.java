package health.liaison.records.recalls;

import java.time.Instant;
import java.util.List;

/**
 * A manufacturer recall that reached one patient: which recall, the recalled product (sku, lot, manufacturer), the
 * cases it was used in and when it was raised. One per recall and patient ({@code id = recallId:patientId}), so a
 * redelivered recall adds nothing. Its status moves OPEN → ACKNOWLEDGED → RESOLVED (or OPEN → RESOLVED), each step by
 * a provider or coordinator with a note; the notes can hold clinical details, so they are sealed.
 */
public record RecallAlert(String id, String recallId, String patientId, String locationId, String manufacturer,
                          String sku, String lot, List<String> appointmentIds, Instant raisedAt, Instant receivedAt,
                          String status, String acknowledgedBy, Instant acknowledgedAt, String sealedAcknowledgement,
                          String resolvedBy, Instant resolvedAt, String sealedResolution) {

    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String RESOLVED = "RESOLVED";

    public RecallAlert {
        appointmentIds = appointmentIds == null ? List.of() : List.copyOf(appointmentIds);
    }

    static String idOf(String recallId, String patientId) {
        return recallId + ":" + patientId;
    }

    static RecallAlert raised(String recallId, String patientId, String locationId, String manufacturer, String sku,
                              String lot, List<String> appointmentIds, Instant raisedAt, Instant now) {
        return new RecallAlert(idOf(recallId, patientId), recallId, patientId, locationId, manufacturer, sku, lot,
                appointmentIds, raisedAt, now, OPEN, null, null, null, null, null, null);
    }

    /** Only an open alert can be acknowledged; acknowledging twice is an error, not a silent no-op. */
    RecallAlert acknowledged(String by, Instant at, String sealedNote) {
        if (!OPEN.equals(status)) {
            throw new IllegalTransition("This recall alert is " + status + "; only an open one can be acknowledged.");
        }
        return new RecallAlert(id, recallId, patientId, locationId, manufacturer, sku, lot, appointmentIds, raisedAt,
                receivedAt, ACKNOWLEDGED, by, at, sealedNote, null, null, null);
    }

    /** An open or acknowledged alert can be resolved, once. */
    RecallAlert resolved(String by, Instant at, String sealedNote) {
        if (RESOLVED.equals(status)) {
            throw new IllegalTransition("This recall alert was already resolved on " + resolvedAt + ".");
        }
        return new RecallAlert(id, recallId, patientId, locationId, manufacturer, sku, lot, appointmentIds, raisedAt,
                receivedAt, RESOLVED, acknowledgedBy, acknowledgedAt, sealedAcknowledgement, by, at, sealedNote);
    }

    static final class IllegalTransition extends RuntimeException {
        IllegalTransition(String message) {
            super(message);
        }
    }
}
