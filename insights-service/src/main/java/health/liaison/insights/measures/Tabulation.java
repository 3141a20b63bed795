package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sorts facts into rows: clinic → period → group, each row an accumulator {@code A}. A fact is placed by the local
 * day its clock falls on at its clinic; facts outside the asked days are left out. Per-clinic tables have a row for
 * every period (zeros included); split tables a row for each group seen.
 */
final class Tabulation<A> {

    private final InsightQuery query;
    private final Supplier<A> fresh;
    private final Map<String, Map<LocalDate, Map<String, A>>> cells = new TreeMap<>();

    Tabulation(InsightQuery query, Supplier<A> fresh) {
        this.query = query;
        this.fresh = fresh;
        for (ClinicCalendar clinic : query.clinics()) {
            cells.put(clinic.locationId(), new TreeMap<>());
        }
    }

    /** Adds a fact that happened at {@code when} at {@code clinic} to each of its groups' rows. */
    void add(ClinicCalendar clinic, Instant when, List<String> groups, Consumer<A> change) {
        if (when == null) {
            return;
        }
        LocalDate day = clinic.dayOf(when);
        if (day.isBefore(query.from()) || day.isAfter(query.to())) {
            return;
        }
        LocalDate period = query.granularity().periodOf(day);
        if (period.isBefore(query.from())) {
            period = query.from();
        }
        Map<String, A> row = cells.get(clinic.locationId()).computeIfAbsent(period, p -> new TreeMap<>());
        for (String group : groups) {
            change.accept(row.computeIfAbsent(group == null ? "" : group, g -> fresh.get()));
        }
    }

    /** The table: the fixed leading columns, then {@code columns} filled from each row's accumulator. */
    InsightTable table(String name, List<String> columns, BiConsumer<A, Map<String, Object>> fill) {
        List<String> all = new ArrayList<>(List.of("locationId", "period", "periodEnd", "days", "openHours"));
        if (query.by().column() != null) {
            all.add(query.by().column());
        }
        all.addAll(columns);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClinicCalendar clinic : query.clinics()) {
            Map<LocalDate, Map<String, A>> byPeriod = cells.get(clinic.locationId());
            for (Period period : Period.of(clinic, query.from(), query.to(), query.granularity())) {
                Map<String, A> groups = byPeriod.getOrDefault(period.first(), Map.of());
                if (query.by().column() == null) {
                    rows.add(row(clinic, period, null, groups.getOrDefault("", fresh.get()), fill));
                } else {
                    groups.forEach((group, acc) -> rows.add(row(clinic, period, group, acc, fill)));
                }
            }
        }
        return new InsightTable(name, all, rows);
    }

    private Map<String, Object> row(ClinicCalendar clinic, Period period, String group, A acc, BiConsumer<A, Map<String, Object>> fill) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("locationId", clinic.locationId());
        row.put("period", period.first().toString());
        row.put("periodEnd", period.last().toString());
        row.put("days", period.days());
        row.put("openHours", BigDecimal.valueOf(period.open().toMinutes()).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP));
        if (query.by().column() != null) {
            row.put(query.by().column(), group);
        }
        fill.accept(acc, row);
        return row;
    }
}
