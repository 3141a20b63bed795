package health.liaison.gateway.protection;

import java.time.Duration;
import java.time.Instant;

/**
 * A fixed counting window: every request between {@code start} (inclusive) and {@code end} (exclusive) counts
 * against the same allowance. Windows are aligned to the epoch so that every gateway replica, with roughly
 * synchronised clocks, names the same window for the same moment and so increments the same counter.
 */
record FixedWindow(Instant start, Instant end) {

    static FixedWindow containing(Instant moment, Duration length) {
        long lengthMillis = length.toMillis();
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("A rate-limit window must be longer than zero");
        }
        long start = Math.floorDiv(moment.toEpochMilli(), lengthMillis) * lengthMillis;
        return new FixedWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + lengthMillis));
    }

    /** Whole seconds until the window closes, at least one, as {@code Retry-After} wants them. */
    long secondsUntilEnd(Instant now) {
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** The counter's name for one subject (a user or a practice group) in this window. */
    String counterKey(String subject) {
        return subject + "@" + start.toEpochMilli();
    }
}
