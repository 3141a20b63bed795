package health.liaison.scheduling.booking;

import java.time.Instant;

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
}
