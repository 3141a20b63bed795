package health.liaison.scheduling.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where an appointment fits: start times on a step grid of local clock time inside a clinic's opening hours, where
 * the whole busy span (set-up, the appointment, turnover) overlaps no busy interval of any resource it needs.
 * Local times are turned into instants day by day in the clinic's zone, so "09:00" stays 09:00 across daylight
 * saving changes. Plain Java: no storage, no framework.
 */
public final class SlotFinder {

    public record Span(Instant start, Instant end) {
        public boolean overlaps(Instant otherStart, Instant otherEnd) {
            return start.isBefore(otherEnd) && otherStart.isBefore(end);
        }
    }

    public record OpenHours(LocalTime opens, LocalTime closes) {
    }

    private SlotFinder() {
    }

    /** The hours both sides are open, day by day: a clinic's opening hours and a provider's working hours. */
    public static Map<java.time.DayOfWeek, List<OpenHours>> intersect(Map<java.time.DayOfWeek, List<OpenHours>> a,
                                                                     Map<java.time.DayOfWeek, List<OpenHours>> b) {
        Map<java.time.DayOfWeek, List<OpenHours>> both = new java.util.EnumMap<>(java.time.DayOfWeek.class);
        a.forEach((day, spans) -> {
            List<OpenHours> overlap = new ArrayList<>();
            for (OpenHours x : spans) {
                for (OpenHours y : b.getOrDefault(day, List.of())) {
                    LocalTime opens = x.opens().isAfter(y.opens()) ? x.opens() : y.opens();
                    LocalTime closes = x.closes().isBefore(y.closes()) ? x.closes() : y.closes();
                    if (closes.isAfter(opens)) {
                        overlap.add(new OpenHours(opens, closes));
                    }
                }
            }
            if (!overlap.isEmpty()) {
                both.put(day, overlap);
            }
        });
        return both;
    }

    /**
     * @param hours  opening hours per day of the week (a missing day is closed)
     * @param busy   the busy intervals of every resource the appointment needs, together
     * @param notBefore no slot starts before this instant (now)
     */
    public static List<Instant> find(LocalDate from, LocalDate to, ZoneId zone, Map<java.time.DayOfWeek, List<OpenHours>> hours,
                                     Duration length, Duration setup, Duration turnover, Duration step,
                                     List<Span> busy, Instant notBefore, int limit) {
        return find(from, to, zone, hours, java.util.Set.of(), length, setup, turnover, step, busy, notBefore, limit);
    }

    /** @param closed local dates the clinic is closed (holidays) */
    public static List<Instant> find(LocalDate from, LocalDate to, ZoneId zone, Map<java.time.DayOfWeek, List<OpenHours>> hours,
                                     java.util.Set<LocalDate> closed, Duration length, Duration setup, Duration turnover,
                                     Duration step, List<Span> busy, Instant notBefore, int limit) {
        List<Instant> slots = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to) && slots.size() < limit; day = day.plusDays(1)) {
            if (closed.contains(day)) {
                continue;
            }
            for (OpenHours open : hours.getOrDefault(day.getDayOfWeek(), List.of())) {
                for (LocalTime time = open.opens(); !time.plus(length).isAfter(open.closes()) && time.isAfter(open.opens().minusNanos(1));
                     time = time.plus(step)) {
                    ZonedDateTime local = ZonedDateTime.of(day, time, zone);
                    if (!local.toLocalTime().equals(time)) {
                        continue; // a local time skipped by a spring-forward change does not exist that day
                    }
                    Instant start = local.toInstant();
                    Instant busyFrom = start.minus(setup);
                    Instant busyUntil = start.plus(length).plus(turnover);
                    if (start.isBefore(notBefore) || busy.stream().anyMatch(b -> b.overlaps(busyFrom, busyUntil))) {
                        continue;
                    }
                    slots.add(start);
                    if (slots.size() >= limit) {
                        return slots;
                    }
                    if (time.plus(step).isBefore(time)) {
                        break; // wrapped past midnight
                    }
                }
            }
        }
        return slots;
    }
}
