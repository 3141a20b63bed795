package health.liaison.records.access;

import java.time.Instant;

/** A user's time-limited, reasoned opening of one chart outside their clinics. */
public record BreakGlassGrant(String id, String userId, String patientId, String reason, Instant grantedAt,
                             Instant expiresAt) {
}
