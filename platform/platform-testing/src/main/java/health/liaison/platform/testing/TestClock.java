package health.liaison.platform.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs at real speed from an instant the test sets, and can jump forward: "it is now 02:00 in Miami".
 * Time keeps flowing between jumps, so back-offs and leases behave as in production.
 */
public final class TestClock extends Clock {

    private volatile Instant base;
    private volatile long baseNanos;

    public TestClock(Instant start) {
        set(start);
    }

    private synchronized void set(Instant at) {
        base = at;
        baseNanos = System.nanoTime();
    }

    /** Jumps to {@code at}; never backwards, so other work in flight sees time move one way only. */
    public synchronized void advanceTo(Instant at) {
        if (at.isBefore(instant())) {
            throw new IllegalArgumentException("The test clock only moves forward: " + at + " is before " + instant());
        }
        set(at);
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Liaison works in UTC instants");
    }
}
