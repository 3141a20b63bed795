package health.liaison.benchmarks.domain;

import health.liaison.scheduling.availability.SlotFinder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code SlotFinder.find} in memory, with the inputs the two availability endpoints give it (the calendars are read
 * beforehand, so neither MongoDB nor HTTP is in the figure). A 60-minute consultation with 15 minutes of turnover on a
 * 15-minute grid, clinics open 08:00–18:00 every day, as in the {@code scheduling} scenario of the runner.
 * <ul>
 *   <li>{@link #oneSurgeon30Days}: {@code GET /availability} for one surgeon over 30 days with 200 bookings
 *   (7 a day, so most candidate starts are turned away; limit 1000);</li>
 *   <li>{@link #twentyProviders3Clinics7Days}: {@code GET /availability/next}: 20 providers × 3 clinics (New York,
 *   Chicago, Los Angeles) over 7 days, each provider with 10 bookings that week; the first 20 slots of each pair,
 *   merged, sorted and cut to 20 as the endpoint does.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SlotSearchBenchmark {

    static final Duration LENGTH = Duration.ofMinutes(60);
    static final Duration SETUP = Duration.ZERO;
    static final Duration TURNOVER = Duration.ofMinutes(15);
    static final Duration STEP = Duration.ofMinutes(15);
    static final LocalDate FIRST = LocalDate.of(2026, 6, 1);
    static final Instant NOW = Instant.parse("2026-05-30T12:00:00Z");

    private final Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = new EnumMap<>(DayOfWeek.class);
    private final ZoneId miami = ZoneId.of("America/New_York");
    private final Map<String, ZoneId> clinics = new LinkedHashMap<>();
    private List<SlotFinder.Span> surgeon;
    private final Map<String, List<SlotFinder.Span>> providers = new LinkedHashMap<>();

    @Setup
    public void setUp() {
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, List.of(new SlotFinder.OpenHours(LocalTime.of(8, 0), LocalTime.of(18, 0))));
        }
        // 200 bookings, 7 a day from 08:00 every 90 minutes: each busy for the appointment and its turnover
        surgeon = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant start = FIRST.plusDays(i / 7).atTime(8, 0).plusMinutes(90L * (i % 7)).atZone(miami).toInstant();
            surgeon.add(new SlotFinder.Span(start.minus(SETUP), start.plus(LENGTH).plus(TURNOVER)));
        }
        clinics.put("miami", ZoneId.of("America/New_York"));
        clinics.put("chicago", ZoneId.of("America/Chicago"));
        clinics.put("beverly-hills", ZoneId.of("America/Los_Angeles"));
        for (int p = 0; p < 20; p++) {
            List<SlotFinder.Span> busy = new ArrayList<>();
            for (int b = 0; b < 10; b++) {
                // spread over the week and the day, shifted per provider so the earliest free times differ
                Instant start = FIRST.plusDays(b % 7).atTime(8 + (b + p) % 9, 0).atZone(miami).toInstant();
                busy.add(new SlotFinder.Span(start.minus(SETUP), start.plus(LENGTH).plus(TURNOVER)));
            }
            providers.put("dr-" + p, busy);
        }
        int one = oneSurgeon30Days().size();
        int next = twentyProviders3Clinics7Days().size();
        if (one == 0 || one >= 1000 || next != 20) {
            throw new IllegalStateException("unexpected search results: " + one + " and " + next + " slots");
        }
    }

    @Benchmark
    public List<Instant> oneSurgeon30Days() {
        return SlotFinder.find(FIRST, FIRST.plusDays(29), miami, hours, Set.of(), LENGTH, SETUP, TURNOVER, STEP,
                surgeon, NOW, 1000);
    }

    record Offer(Instant start, String clinic, String provider) {
    }

    @Benchmark
    public List<Offer> twentyProviders3Clinics7Days() {
        int wanted = 20;
        List<Offer> offers = new ArrayList<>();
        for (Map.Entry<String, ZoneId> clinic : clinics.entrySet()) {
            for (Map.Entry<String, List<SlotFinder.Span>> provider : providers.entrySet()) {
                for (Instant start : SlotFinder.find(FIRST, FIRST.plusDays(6), clinic.getValue(), hours, Set.of(), LENGTH,
                        SETUP, TURNOVER, STEP, provider.getValue(), NOW, wanted)) {
                    offers.add(new Offer(start, clinic.getKey(), provider.getKey()));
                }
            }
        }
        return offers.stream().sorted(Comparator.comparing(Offer::start).thenComparing(Offer::provider))
                .limit(wanted).toList();
    }
}
