package health.liaison.insights.clinics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A clinic's local calendar as scheduling last announced it: its time zone, weekly opening hours and holidays. Every
 * measure is counted by the clinic's local days; a day's opening hours are real elapsed time, so on the day clocks
 * spring forward inside opening hours the clinic is open an hour less, and an hour more when they fall back.
 */
public record ClinicCalendar(String locationId, ZoneId zone, Map<DayOfWeek, List<Span>> hours, Set<LocalDate> holidays) {

    public ClinicCalendar {
        hours = Map.copyOf(hours);
        holidays = Set.copyOf(holidays);
    }

    /** One span of opening hours, clinic-local. */
    public record Span(LocalTime opens, LocalTime closes) {
    }

    /** The local day an instant falls on at this clinic. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The instant the local day begins (its first valid local time, should a clock change skip midnight). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** How long the clinic is open on a local day: zero on a holiday, elapsed time otherwise. */
    public Duration openOn(LocalDate day) {
        if (holidays.contains(day)) {
            return Duration.ZERO;
        }
        Duration open = Duration.ZERO;
        for (Span span : hours.getOrDefault(day.getDayOfWeek(), List.of())) {
            ZonedDateTime opens = ZonedDateTime.of(day, span.opens(), zone);
            ZonedDateTime closes = ZonedDateTime.of(day, span.closes(), zone);
            if (closes.isAfter(opens)) {
                open = open.plus(Duration.between(opens, closes));
            }
        }
        return open;
    }
}
