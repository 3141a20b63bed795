package health.liaison.records.clinics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records' copy of a clinic as scheduling last described it ({@code location.changed}): time zone, weekly hours
 * (one row per weekday span, local times as {@code HH:mm}), holidays, and when scheduling changed it (the latest
 * wins). Stored under the practice's own clinic id.
 */
public record Clinic(String id, String zoneId, List<OpeningRow> hours, List<LocalDate> holidays, Instant changedAt) {

    /** One weekday's opening span. */
    public record OpeningRow(DayOfWeek day, String opens, String closes) {
    }

    static List<OpeningRow> rows(Map<DayOfWeek, List<ClinicCalendar.Span>> hours) {
        List<OpeningRow> rows = new ArrayList<>();
        new TreeMap<>(hours).forEach((day, spans) -> spans.forEach(span ->
                rows.add(new OpeningRow(day, span.opens().toString(), span.closes().toString()))));
        return rows;
    }

    public ClinicCalendar calendar() {
        Map<DayOfWeek, List<ClinicCalendar.Span>> byDay = new TreeMap<>();
        for (OpeningRow row : hours == null ? List.<OpeningRow>of() : hours) {
            byDay.computeIfAbsent(row.day(), d -> new ArrayList<>())
                    .add(new ClinicCalendar.Span(LocalTime.parse(row.opens()), LocalTime.parse(row.closes())));
        }
        return new ClinicCalendar(ZoneId.of(zoneId), byDay, holidays == null ? java.util.Set.of() : new HashSet<>(holidays));
    }
}
