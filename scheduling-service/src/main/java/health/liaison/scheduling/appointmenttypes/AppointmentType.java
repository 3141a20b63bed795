package health.liaison.scheduling.appointmenttypes;

import java.time.Duration;
import java.util.List;

/**
 * What a practice books: a consultation, a surgery, a procedure, a pre-op visit or a post-op follow-up, with how
 * long it takes and the set-up before and turnover after that keep its resources busy beyond the patient's time;
 * the resources it needs (e.g. a breast augmentation: a SURGEON, an ANESTHESIA provider and an OPERATING_ROOM),
 * which providers may perform it, what the patient must have completed first (a category such as CONSULTATION, or
 * a type id), and the post-op follow-ups a completed one proposes (offsets such as P1D, P7D, P30D).
 */
public record AppointmentType(String id, String name, Category category, int durationMinutes, int setupMinutes,
                              int turnoverMinutes, List<Need> needs, List<String> allowedProviderIds,
                              List<String> prerequisites, List<String> followUps, String followUpTypeId,
                              boolean requiresPriorAuthorization, boolean virtual) {

    public enum Category { CONSULTATION, SURGERY, PROCEDURE, PRE_OP, POST_OP }

    /** One resource the appointment needs: a kind (PROVIDER, ROOM, EQUIPMENT) and a role (SURGEON, OPERATING_ROOM, LASER...). */
    public record Need(String kind, String role) {
    }

    public AppointmentType {
        needs = needs == null ? List.of() : List.copyOf(needs);
        allowedProviderIds = allowedProviderIds == null ? List.of() : List.copyOf(allowedProviderIds);
        prerequisites = prerequisites == null ? List.of() : List.copyOf(prerequisites);
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    public AppointmentType(String id, String name, Category category, int durationMinutes, int setupMinutes, int turnoverMinutes) {
        this(id, name, category, durationMinutes, setupMinutes, turnoverMinutes, null, null, null, null, null, false, false);
    }

    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    public Duration setup() {
        return Duration.ofMinutes(setupMinutes);
    }

    public Duration turnover() {
        return Duration.ofMinutes(turnoverMinutes);
    }

    /** The role of the provider who performs it: the first provider need (e.g. SURGEON), or null. */
    public String performingRole() {
        return needs.stream().filter(n -> "PROVIDER".equals(n.kind())).map(Need::role).findFirst().orElse(null);
    }

    public List<Duration> followUpOffsets() {
        return followUps.stream().map(Duration::parse).toList();
    }
}
