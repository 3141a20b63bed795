package health.liaison.records.tasks;

import health.liaison.records.clinics.ClinicCalendar;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRulesTest {

    final ClinicCalendar miami = miami();

    static ClinicCalendar miami() {
        Map<DayOfWeek, List<ClinicCalendar.Span>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(new ClinicCalendar.Span(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        return new ClinicCalendar(ZoneId.of("America/New_York"), hours, Set.of());
    }

    @Test
    void unansweredAttemptsAreFollowedOnDayOneThreeAndSevenAtOpening() {
        List<Integer> days = List.of(1, 3, 7);
        // first attempt Monday 7 Dec 2026 10:00 New York, unanswered → next on day 1 (Tuesday) at 09:00
        Instant first = Instant.parse("2026-12-07T15:00:00Z");
        assertThat(TaskRules.nextAttemptDue(miami, days, 1, first)).isEqualTo(Instant.parse("2026-12-08T14:00:00Z"));
        // second attempt on Tuesday → day 3 (Thursday 10 Dec)
        assertThat(TaskRules.nextAttemptDue(miami, days, 2, Instant.parse("2026-12-08T14:05:00Z")))
                .isEqualTo(Instant.parse("2026-12-10T14:00:00Z"));
        // third attempt on Thursday → day 7 (Monday 14 Dec)
        assertThat(TaskRules.nextAttemptDue(miami, days, 3, Instant.parse("2026-12-10T14:05:00Z")))
                .isEqualTo(Instant.parse("2026-12-14T14:00:00Z"));
    }

    @Test
    void aFollowUpDayOnAWeekendMovesToTheNextOpening() {
        // first attempt Friday 4 Dec → day 1 is Saturday → Monday 09:00
        assertThat(TaskRules.nextAttemptDue(miami, List.of(1, 3, 7), 1, Instant.parse("2026-12-04T15:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-07T14:00:00Z"));
    }
}
