package health.liaison.scheduling.appointmenttypes;

import java.time.Duration;

/**
 * What a practice books: a consultation, a surgery, a procedure, a pre-op visit or a post-op follow-up, with how
 * long it takes and the set-up before and turnover after that keep its resources busy beyond the patient's time.
 */
public record AppointmentType(String id, String name, Category category, int durationMinutes, int setupMinutes,
                              int turnoverMinutes) {

    public enum Category { CONSULTATION, SURGERY, PROCEDURE, PRE_OP, POST_OP }

    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    public Duration setup() {
        return Duration.ofMinutes(setupMinutes);
    }

    public Duration turnover() {
        return Duration.ofMinutes(turnoverMinutes);
    }
}
