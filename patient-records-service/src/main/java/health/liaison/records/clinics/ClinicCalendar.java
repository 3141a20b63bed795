package health.liaison.records.clinics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A clinic's business hours in its own time zone: weekly opening spans and holidays (local dates). Counts business
 * time across evenings, weekends, holidays and daylight-saving changes; plain Java, no I/O.
 */
public record ClinicCalendar(ZoneId zone, Map<DayOfWeek, List<Span>> hours, Set<LocalDate> holidays) {

    /** How far ahead a calculation looks for opening hours before it gives up (a clinic closed for a year). */
    private static final int HORIZON_DAYS = 400;

    /**
     * What records assumes for a clinic scheduling has not told it about yet: UTC, 09:00–17:00 Monday to Friday, no
     * holidays.
     */
    public static final ClinicCalendar DEFAULT = new ClinicCalendar(ZoneOffset.UTC, Map.of(
            DayOfWeek.MONDAY, List.of(new Span(LocalTime.of(9, 0), LocalTime.of(17, 0))),
            DayOfWeek.TUESDAY, List.of(new Span(LocalTime.of(9, 0), LocalTime.of(17, 0))),
            DayOfWeek.WEDNESDAY, List.of(new Span(LocalTime.of(9, 0), LocalTime.of(17, 0))),
            DayOfWeek.THURSDAY, List.of(new Span(LocalTime.of(9, 0), LocalTime.of(17, 0))),
            DayOfWeek.FRIDAY, List.of(new Span(LocalTime.of(9, 0), LocalTime.of(17, 0)))), Set.of());

    public ClinicCalendar {
        hours = Map.copyOf(hours);
        holidays = Set.copyOf(holidays);
    }

    /** One opening span of a weekday, clinic-local, {@code opens} before {@code closes}. */
    public record Span(LocalTime opens, LocalTime closes) {
    }

    /**
     * The instant {@code amount} of business time after {@code from}: time counts only while the clinic is open.
     * From inside opening hours the clock runs on; from outside it starts at the next opening. A clinic with no
     * opening hours at all counts wall-clock time (so nothing is due never).
     */
    public Instant plusBusinessTime(Instant from, Duration amount) {
        if (!hasHours()) {
            return from.plus(amount);
        }
        Duration remaining = amount;
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            for (Span span : spansOn(day)) {
                Instant opens = at(day, span.opens());
                Instant closes = at(day, span.closes());
                Instant start = opens.isBefore(from) ? from : opens;
                if (!start.isBefore(closes)) {
                    continue;
                }
                Duration open = Duration.between(start, closes);
                if (remaining.compareTo(open) <= 0) {
                    return start.plus(remaining);
                }
                remaining = remaining.minus(open);
            }
        }
        return from.plus(amount);
    }

    /** The first opening on {@code date} or a later business day (e.g. "call again on day 3" at opening time). */
    public Instant firstOpeningOnOrAfter(LocalDate date) {
        if (!hasHours()) {
            return date.atStartOfDay(zone).toInstant();
        }
        LocalDate day = date;
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            List<Span> spans = spansOn(day);
            if (!spans.isEmpty()) {
                return at(day, spans.getFirst().opens());
            }
        }
        return date.atStartOfDay(zone).toInstant();
    }

    /** The clinic-local date of an instant. */
    public LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    private boolean hasHours() {
        return hours.values().stream().anyMatch(spans -> !spans.isEmpty());
    }

    private List<Span> spansOn(LocalDate day) {
        if (holidays.contains(day)) {
            return List.of();
        }
        return hours.getOrDefault(day.getDayOfWeek(), List.of()).stream()
                .filter(span -> span.opens().isBefore(span.closes()))
                .sorted(Comparator.comparing(Span::opens)).toList();
    }

    /** A local time on a date as an instant; a time skipped by a spring-forward gap moves forward with it. */
    private Instant at(LocalDate day, LocalTime time) {
        return ZonedDateTime.of(day, time, zone).toInstant();
    }
}
