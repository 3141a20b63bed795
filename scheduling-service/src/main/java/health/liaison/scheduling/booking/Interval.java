package health.liaison.scheduling.booking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A half-open span of time [start, end): two intervals that only touch do not overlap. */
public record Interval(Instant start, Instant end) {

    public Interval {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("An interval ends after it starts");
        }
    }

    public boolean overlaps(Interval other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /**
     * The UTC days this interval has time in, in order: an interval ending exactly at midnight has none in the day
     * that midnight begins. Two overlapping intervals always share at least one of their days (the day their
     * overlap begins), which is what lets a calendar keep one document per resource and day.
     */
    public List<LocalDate> utcDays() {
        LocalDate first = start.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = end.minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }
}
