package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Periods are clinic-local days: a week with a clock change has seven days, each once, with their real opening hours. */
class PeriodTest {

    static ClinicCalendar newYorkClinic(Set<LocalDate> holidays) {
        Map<DayOfWeek, List<ClinicCalendar.Span>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)) {
            hours.put(day, List.of(new ClinicCalendar.Span(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        // a night clinic on Sundays, open across the hour the clocks change
        hours.put(DayOfWeek.SUNDAY, List.of(new ClinicCalendar.Span(LocalTime.of(1, 0), LocalTime.of(4, 0))));
        return new ClinicCalendar("ny", ZoneId.of("America/New_York"), hours, holidays);
    }

    @Test
    void theWeekClocksSpringForwardHasSevenDaysAndTheSundayAnHourLess() {
        ClinicCalendar clinic = newYorkClinic(Set.of());
        LocalDate monday = LocalDate.parse("2026-03-02"), sunday = LocalDate.parse("2026-03-08");

        List<Period> days = Period.of(clinic, monday, sunday, Granularity.DAY);
        assertThat(days).hasSize(7);
        assertThat(days).extracting(Period::first).doesNotHaveDuplicates().startsWith(monday).endsWith(sunday);
        assertThat(days.get(6).open()).isEqualTo(Duration.ofHours(2));
        assertThat(days.get(0).open()).isEqualTo(Duration.ofHours(8));

        List<Period> week = Period.of(clinic, monday, sunday, Granularity.WEEK);
        assertThat(week).containsExactly(new Period(monday, sunday, 7, Duration.ofHours(6 * 8 + 2)));
        // the local day is 23 hours long, and an instant late on Saturday evening is still Saturday
        assertThat(Duration.between(clinic.startOf(sunday), clinic.startOf(sunday.plusDays(1)))).isEqualTo(Duration.ofHours(23));
        assertThat(clinic.dayOf(Instant.parse("2026-03-08T04:30:00Z"))).isEqualTo(LocalDate.parse("2026-03-07"));
        assertThat(clinic.dayOf(Instant.parse("2026-03-08T05:30:00Z"))).isEqualTo(sunday);
    }

    @Test
    void theWeekClocksFallBackHasSevenDaysAndTheSundayAnHourMore() {
        ClinicCalendar clinic = newYorkClinic(Set.of());
        List<Period> week = Period.of(clinic, LocalDate.parse("2026-10-26"), LocalDate.parse("2026-11-01"), Granularity.WEEK);
        assertThat(week).containsExactly(new Period(LocalDate.parse("2026-10-26"), LocalDate.parse("2026-11-01"), 7,
                Duration.ofHours(6 * 8 + 4)));
    }

    @Test
    void holidaysHaveNoOpeningHoursAndPartialPeriodsCountOnlyTheAskedDays() {
        ClinicCalendar clinic = newYorkClinic(Set.of(LocalDate.parse("2026-02-16")));
        List<Period> months = Period.of(clinic, LocalDate.parse("2026-01-20"), LocalDate.parse("2026-02-28"), Granularity.MONTH);
        assertThat(months).extracting(Period::first).containsExactly(LocalDate.parse("2026-01-20"), LocalDate.parse("2026-02-01"));
        assertThat(months).extracting(Period::days).containsExactly(12, 28);
        // February 2026: 20 weekdays and 4 Saturdays, less the holiday Monday, and four 3-hour Sundays
        assertThat(months.get(1).open()).isEqualTo(Duration.ofHours(23 * 8 + 4 * 3));
        assertThat(Granularity.WEEK.periodOf(LocalDate.parse("2026-03-08"))).isEqualTo(LocalDate.parse("2026-03-02"));
    }
}
