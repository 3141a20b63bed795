package health.liaison.records.clinics;

import java.time.Duration;
import java.time.Instant;

/**
 * Who follows up at a clinic: its lead coordinator (escalations go to her, she sees the team's tasks), who owns new
 * inquiries that arrive without a coordinator (web form, SMS; defaults to the lead), and the response target for a
 * new inquiry in business minutes (default 60).
 */
public record ClinicTeam(String id, String leadCoordinatorId, String intakeOwnerId, Integer responseTargetMinutes,
                         Instant updatedAt, String updatedBy) {

    public static final Duration DEFAULT_RESPONSE_TARGET = Duration.ofHours(1);

    public Duration responseTarget() {
        return responseTargetMinutes == null ? DEFAULT_RESPONSE_TARGET : Duration.ofMinutes(responseTargetMinutes);
    }

    /** The owner of an inquiry that came in by itself. */
    public String intakeOwner() {
        return intakeOwnerId != null ? intakeOwnerId : leadCoordinatorId;
    }

    static ClinicTeam none(String locationId) {
        return new ClinicTeam(locationId, null, null, null, null, null);
    }
}
