package health.liaison.scheduling.availability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SlotFinderTest {

    static final ZoneId MIAMI = ZoneId.of("America/New_York");
    static final Map<DayOfWeek, List<SlotFinder.OpenHours>> NINE_TO_FIVE = new EnumMap<>(DayOfWeek.class);

    static {
        Arrays.stream(DayOfWeek.values()).forEach(d -> NINE_TO_FIVE.put(d,
                List.of(new SlotFinder.OpenHours(LocalTime.of(9, 0), LocalTime.of(17, 0)))));
    }

    @ParameterizedTest(name = "{0}: 09:00 local = {1}, 13:00 local = {2}")
    @CsvSource({
            "2026-03-07, 2026-03-07T14:00:00Z, 2026-03-07T18:00:00Z",  // the day before spring forward (EST)
            "2026-03-08, 2026-03-08T13:00:00Z, 2026-03-08T17:00:00Z",  // spring forward day (EDT from 02:00)
            "2026-03-09, 2026-03-09T13:00:00Z, 2026-03-09T17:00:00Z",  // the day after (EDT)
            "2026-10-31, 2026-10-31T13:00:00Z, 2026-10-31T17:00:00Z",  // the day before fall back (EDT)
            "2026-11-01, 2026-11-01T14:00:00Z, 2026-11-01T18:00:00Z",  // fall back day (EST from 02:00)
            "2026-11-02, 2026-11-02T14:00:00Z, 2026-11-02T18:00:00Z"   // the day after (EST)
    })
    void nineAndOneOClockStayLocalAcrossDaylightSaving(LocalDate day, Instant nine, Instant one) {
        List<Instant> slots = SlotFinder.find(day, day, MIAMI, NINE_TO_FIVE, Duration.ofMinutes(60), Duration.ZERO,
                Duration.ZERO, Duration.ofHours(4), List.of(), Instant.parse("2026-01-01T00:00:00Z"), 100);
        assertThat(slots).containsExactly(nine, one);
    }

    @Test
    void busyTimeSetUpAndTurnoverKeepSlotsOut() {
        LocalDate day = LocalDate.of(2026, 4, 14);
        Instant tenLocal = Instant.parse("2026-04-14T14:00:00Z");
        List<SlotFinder.Span> busy = List.of(new SlotFinder.Span(tenLocal, tenLocal.plus(Duration.ofHours(1))));
        List<Instant> slots = SlotFinder.find(day, day, MIAMI, NINE_TO_FIVE, Duration.ofMinutes(60), Duration.ofMinutes(15),
                Duration.ofMinutes(15), Duration.ofMinutes(15), busy, Instant.parse("2026-01-01T00:00:00Z"), 100);
        // 09:00 + 60 + 15 turnover runs into the 10:00–11:00 booking; after it, 15 minutes of set-up: 11:15 is first
        assertThat(slots).doesNotContain(Instant.parse("2026-04-14T13:00:00Z"), tenLocal, Instant.parse("2026-04-14T15:00:00Z"));
        assertThat(slots.getFirst()).isEqualTo(Instant.parse("2026-04-14T15:15:00Z"));
        assertThat(slots.getLast()).isEqualTo(Instant.parse("2026-04-14T20:00:00Z")); // 16:00 local, ends at closing
    }

    @Test
    void nothingInThePastAndNothingOnClosedDays() {
        Map<DayOfWeek, List<SlotFinder.OpenHours>> weekdays = new EnumMap<>(NINE_TO_FIVE);
        weekdays.remove(DayOfWeek.SATURDAY);
        weekdays.remove(DayOfWeek.SUNDAY);
        List<Instant> slots = SlotFinder.find(LocalDate.of(2026, 4, 18), LocalDate.of(2026, 4, 20), MIAMI, weekdays,
                Duration.ofMinutes(60), Duration.ZERO, Duration.ZERO, Duration.ofHours(1), List.of(),
                Instant.parse("2026-04-20T15:30:00Z"), 100);
        assertThat(slots).first().isEqualTo(Instant.parse("2026-04-20T16:00:00Z")); // Monday 12:00 local, after "now"
        assertThat(slots).allSatisfy(s -> assertThat(s).isAfterOrEqualTo(Instant.parse("2026-04-20T15:30:00Z")));
    }
}
