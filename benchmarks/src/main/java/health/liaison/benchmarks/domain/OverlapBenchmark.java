package health.liaison.benchmarks.domain;

import health.liaison.scheduling.availability.SlotFinder;
import health.liaison.scheduling.booking.Interval;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One candidate interval against a resource calendar of 200 busy intervals (a surgeon's month: 7 bookings of 75 min
 * a day, time order). {@code free}: the candidate touches the last booking back to back, so all 200 are compared and
 * none overlaps (the cost of every slot that is offered); {@code clash}: it overlaps the 100th (an early exit).
 * <ul>
 *   <li>{@link #interval}: {@code Interval.overlaps} (booking) in a loop over the calendar;</li>
 *   <li>{@link #slotFinderSpans}: the check {@code SlotFinder.find} runs for each candidate start,
 *   {@code busy.stream().anyMatch(b -> b.overlaps(from, until))}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OverlapBenchmark {

    static final int CALENDAR_SIZE = 200;

    @Param({"free", "clash"})
    public String candidate;

    private List<Interval> calendar;
    private List<SlotFinder.Span> spans;
    private Interval probe;

    @Setup
    public void setUp() {
        calendar = calendar(Instant.parse("2026-06-01T12:00:00Z"), CALENDAR_SIZE);
        spans = calendar.stream().map(i -> new SlotFinder.Span(i.start(), i.end())).toList();
        Interval last = calendar.getLast();
        probe = switch (candidate) {
            case "free" -> new Interval(last.end(), last.end().plus(Duration.ofMinutes(75)));
            case "clash" -> new Interval(calendar.get(99).start().plus(Duration.ofMinutes(30)),
                    calendar.get(99).end().plus(Duration.ofMinutes(30)));
            default -> throw new IllegalArgumentException(candidate);
        };
        boolean expected = candidate.equals("clash");
        if (interval() != expected || slotFinderSpans() != expected) {
            throw new IllegalStateException("the " + candidate + " candidate is not set up as intended");
        }
    }

    /** 7 busy spans of 75 minutes a day, 90 minutes apart, from {@code first} on; none overlaps another. */
    static List<Interval> calendar(Instant first, int size) {
        List<Interval> busy = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Instant start = first.plus(Duration.ofDays(i / 7)).plus(Duration.ofMinutes(90L * (i % 7)));
            busy.add(new Interval(start, start.plus(Duration.ofMinutes(75))));
        }
        return busy;
    }

    @Benchmark
    public boolean interval() {
        for (Interval busy : calendar) {
            if (busy.overlaps(probe)) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    public boolean slotFinderSpans() {
        Instant from = probe.start();
        Instant until = probe.end();
        return spans.stream().anyMatch(b -> b.overlaps(from, until));
    }
}
