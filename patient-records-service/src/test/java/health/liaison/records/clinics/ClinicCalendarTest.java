package health.liaison.records.clinics;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClinicCalendarTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Duration HOUR = Duration.ofHours(1);

    static ClinicCalendar weekdays(ZoneId zone, Set<LocalDate> holidays, ClinicCalendar.Span... spans) {
        Map<DayOfWeek, List<ClinicCalendar.Span>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(spans));
        }
        return new ClinicCalendar(zone, hours, holidays);
    }

    static ClinicCalendar.Span span(int from, int to) {
        return new ClinicCalendar.Span(LocalTime.of(from, 0), LocalTime.of(to, 0));
    }

    static Instant ny(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), NEW_YORK).toInstant();
    }

    final ClinicCalendar miami = weekdays(NEW_YORK, Set.of(), span(9, 17));

    @Test
    void aFridayAfternoonInquiryIsDueMondayMorningAcrossTheWeekend() {
        assertThat(miami.plusBusinessTime(ny("2026-12-04T16:30"), HOUR)).isEqualTo(ny("2026-12-07T09:30"));
        assertThat(miami.plusBusinessTime(ny("2026-12-04T16:30"), HOUR)).isEqualTo(Instant.parse("2026-12-07T14:30:00Z"));
    }

    @Test
    void theWeekendWhenClocksFallBackCountsLocalHours() {
        // Friday 30 Oct 2026 16:30 EDT (UTC-4); clocks go back on Sunday 1 Nov; Monday 09:30 is EST (UTC-5)
        Instant friday = Instant.parse("2026-10-30T20:30:00Z");
        assertThat(ny("2026-10-30T16:30")).isEqualTo(friday);
        assertThat(miami.plusBusinessTime(friday, HOUR)).isEqualTo(Instant.parse("2026-11-02T14:30:00Z"));
    }

    @Test
    void theWeekendWhenClocksSpringForwardCountsLocalHours() {
        // Friday 6 Mar 2026 16:30 EST (UTC-5); clocks go forward on Sunday 8 Mar; Monday 09:30 is EDT (UTC-4)
        assertThat(miami.plusBusinessTime(Instant.parse("2026-03-06T21:30:00Z"), HOUR))
                .isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
    }

    @Test
    void insideOpeningHoursTheClockRunsOn() {
        assertThat(miami.plusBusinessTime(ny("2026-12-08T10:00"), HOUR)).isEqualTo(ny("2026-12-08T11:00"));
        assertThat(miami.plusBusinessTime(ny("2026-12-08T16:00"), HOUR)).isEqualTo(ny("2026-12-08T17:00"));
    }

    @Test
    void anEveningOrEarlyInquiryStartsCountingAtTheNextOpening() {
        assertThat(miami.plusBusinessTime(ny("2026-12-08T20:00"), HOUR)).isEqualTo(ny("2026-12-09T10:00"));
        assertThat(miami.plusBusinessTime(ny("2026-12-09T06:15"), HOUR)).isEqualTo(ny("2026-12-09T10:00"));
    }

    @Test
    void holidaysAreSkipped() {
        ClinicCalendar withHoliday = weekdays(NEW_YORK, Set.of(LocalDate.parse("2026-12-07")), span(9, 17));
        assertThat(withHoliday.plusBusinessTime(ny("2026-12-04T16:30"), HOUR)).isEqualTo(ny("2026-12-08T09:30"));
    }

    @Test
    void aLunchBreakIsNotBusinessTime() {
        ClinicCalendar split = weekdays(NEW_YORK, Set.of(), span(9, 12), span(13, 17));
        assertThat(split.plusBusinessTime(ny("2026-12-08T11:30"), HOUR)).isEqualTo(ny("2026-12-08T13:30"));
    }

    @Test
    void aTargetLongerThanADaySpansDays() {
        assertThat(miami.plusBusinessTime(ny("2026-12-04T16:00"), Duration.ofHours(10))).isEqualTo(ny("2026-12-08T10:00"));
    }

    @Test
    void theDefaultForAnUnknownClinicIsUtcNineToFiveOnWeekdays() {
        assertThat(ClinicCalendar.DEFAULT.plusBusinessTime(Instant.parse("2026-12-04T16:30:00Z"), HOUR))
                .isEqualTo(Instant.parse("2026-12-07T09:30:00Z"));
    }

    @Test
    void aClinicWithNoHoursCountsWallClockTime() {
        ClinicCalendar closed = new ClinicCalendar(NEW_YORK, Map.of(), Set.of());
        assertThat(closed.plusBusinessTime(ny("2026-12-05T10:00"), HOUR)).isEqualTo(ny("2026-12-05T11:00"));
    }

    @Test
    void theFirstOpeningOfADaySkipsWeekendsAndHolidays() {
        ClinicCalendar withHoliday = weekdays(NEW_YORK, Set.of(LocalDate.parse("2026-12-07")), span(9, 17));
        assertThat(withHoliday.firstOpeningOnOrAfter(LocalDate.parse("2026-12-05"))).isEqualTo(ny("2026-12-08T09:00"));
        assertThat(miami.firstOpeningOnOrAfter(LocalDate.parse("2026-12-09"))).isEqualTo(ny("2026-12-09T09:00"));
    }
}
