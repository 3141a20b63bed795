package health.liaison.records.access;

import java.time.Instant;

/**
 * A user's time-limited, reasoned opening of one chart outside their clinics. The reason can name clinical details
 * ("arrived with post-op bleeding"), so it is sealed like the chart's other sensitive fields.
 */
public record BreakGlassGrant(String id, String userId, String patientId, String sealedReason, Instant grantedAt,
                             Instant expiresAt) {

    /** A grant as the API shows it to the user who broke the glass: the reason opened. */
    public record View(String id, String userId, String patientId, String reason, Instant grantedAt, Instant expiresAt) {
    }
}
