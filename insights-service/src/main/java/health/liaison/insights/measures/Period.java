package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One row's stretch of time at one clinic: its first and last local day within the asked range, how many local days
 * it counts (each once, whatever the clock did) and the clinic's opening hours on them.
 */
public record Period(LocalDate first, LocalDate last, int days, Duration open) {

    /** The periods of {@code from..to} (both local days, inclusive) at a clinic, in order. */
    public static List<Period> of(ClinicCalendar clinic, LocalDate from, LocalDate to, Granularity granularity) {
        List<Period> periods = new ArrayList<>();
        LocalDate first = from;
        while (!first.isAfter(to)) {
            LocalDate last = granularity.lastDayOf(granularity.periodOf(first));
            if (last.isAfter(to)) {
                last = to;
            }
            int days = 0;
            Duration open = Duration.ZERO;
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                days++;
                open = open.plus(clinic.openOn(day));
            }
            periods.add(new Period(first, last, days, open));
            first = last.plusDays(1);
        }
        return periods;
    }
}
