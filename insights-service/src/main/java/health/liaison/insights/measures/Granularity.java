package health.liaison.insights.measures;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** How a table's rows split time: clinic-local days, ISO weeks (Monday first) or calendar months. */
public enum Granularity {
    DAY, WEEK, MONTH;

    /** The first local day of the period that contains {@code day}. */
    public LocalDate periodOf(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The last local day of the period that begins on {@code first}. */
    public LocalDate lastDayOf(LocalDate first) {
        return switch (this) {
            case DAY -> first;
            case WEEK -> first.plusDays(6);
            case MONTH -> first.with(TemporalAdjusters.lastDayOfMonth());
        };
    }
}
