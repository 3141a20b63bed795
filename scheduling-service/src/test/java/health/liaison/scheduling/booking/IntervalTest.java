package health.liaison.scheduling.booking;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalTest {

    private static final Instant NINE = Instant.parse("2026-03-09T13:00:00Z");

    @ParameterizedTest(name = "[{0},{1}) vs [{2},{3}) overlaps: {4}")
    @CsvSource({
            "0, 60, 0, 60, true",     // the same slot
            "0, 60, 30, 90, true",    // starts inside
            "0, 60, -30, 30, true",   // ends inside
            "0, 60, 10, 20, true",    // inside
            "0, 60, -10, 70, true",   // around
            "0, 60, 60, 120, false",  // back to back after
            "0, 60, -60, 0, false",   // back to back before
            "0, 60, 90, 120, false"   // apart
    })
    void overlapIsHalfOpen(int aStart, int aEnd, int bStart, int bEnd, boolean overlaps) {
        Interval a = new Interval(NINE.plusSeconds(aStart * 60L), NINE.plusSeconds(aEnd * 60L));
        Interval b = new Interval(NINE.plusSeconds(bStart * 60L), NINE.plusSeconds(bEnd * 60L));
        assertThat(a.overlaps(b)).isEqualTo(overlaps);
        assertThat(b.overlaps(a)).isEqualTo(overlaps);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "60, 0"})
    void anIntervalEndsAfterItStarts(int start, int end) {
        assertThatThrownBy(() -> new Interval(NINE.plusSeconds(start * 60L), NINE.plusSeconds(end * 60L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{0}, {1}) is in the UTC days {2}")
    @CsvSource({
            "2026-03-09T13:00:00Z, 2026-03-09T14:00:00Z, 2026-03-09",
            "2026-03-09T23:30:00Z, 2026-03-10T00:45:00Z, 2026-03-09 2026-03-10",
            "2026-03-09T23:00:00Z, 2026-03-10T00:00:00Z, 2026-03-09",            // ends at midnight: not the next day
            "2026-03-10T00:00:00Z, 2026-03-10T00:15:00Z, 2026-03-10",
            "2026-03-09T12:00:00Z, 2026-03-12T12:00:00Z, 2026-03-09 2026-03-10 2026-03-11 2026-03-12"
    })
    void anIntervalIsInEveryUtcDayItHasTimeIn(String start, String end, String days) {
        assertThat(new Interval(Instant.parse(start), Instant.parse(end)).utcDays())
                .extracting(Object::toString).containsExactly(days.split(" "));
    }

    @ParameterizedTest(name = "overlapping [{0},{1}) and [{2},{3}) share a day")
    @CsvSource({"0, 75, 45, 120", "-600, 75, 70, 3000", "0, 3000, 1000, 1010"})
    void overlappingIntervalsAlwaysShareADay(int aStart, int aEnd, int bStart, int bEnd) {
        Instant lateEvening = Instant.parse("2026-03-09T23:30:00Z");
        Interval a = new Interval(lateEvening.plusSeconds(aStart * 60L), lateEvening.plusSeconds(aEnd * 60L));
        Interval b = new Interval(lateEvening.plusSeconds(bStart * 60L), lateEvening.plusSeconds(bEnd * 60L));
        assertThat(a.overlaps(b)).isTrue();
        assertThat(a.utcDays()).containsAnyElementsOf(b.utcDays());
    }
}
