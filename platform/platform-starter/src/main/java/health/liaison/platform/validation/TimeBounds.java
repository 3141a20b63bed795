package health.liaison.platform.validation;

import health.liaison.platform.web.ApiProblem;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;

/**
 * The range a date or instant given to the API may fall in: not before {@code liaison.validation.earliest} (default
 * 2000-01-01) and not more than {@code liaison.validation.horizon} ahead (default 5 years). A booking in year +99999
 * or 1970 is a typing or client error, refused with a 400 naming the field instead of being stored. Dates of birth
 * keep their own rule (in the past, after 1900). Fields carry {@link WithinTimeBounds}; code that takes a time from
 * elsewhere (a path variable, a computed value) calls {@link #require}.
 */
public final class TimeBounds {

    private final LocalDate earliest;
    private final Period horizon;
    private final Clock clock;

    public TimeBounds(LocalDate earliest, Period horizon, Clock clock) {
        this.earliest = earliest;
        this.horizon = horizon;
        this.clock = clock;
    }

    /** True when the value (an Instant, LocalDate, OffsetDateTime or ZonedDateTime; null passes) lies within the bounds. */
    public boolean allows(Object value, Period horizonOverride) {
        if (value == null) {
            return true;
        }
        LocalDate day = switch (value) {
            case Instant instant -> dayOf(instant);
            case LocalDate date -> date;
            case OffsetDateTime time -> dayOf(time.toInstant());
            case ZonedDateTime time -> dayOf(time.toInstant());
            default -> throw new IllegalArgumentException("not a date or instant: " + value.getClass().getSimpleName());
        };
        LocalDate latest = LocalDate.now(clock).plus(horizonOverride != null ? horizonOverride : horizon);
        return !day.isBefore(earliest) && !day.isAfter(latest);
    }

    /** Throws a 400 naming the field when the value is out of bounds. */
    public void require(String field, Temporal value) {
        if (!allows(value, null)) {
            throw ApiProblem.invalid(field, message(null));
        }
    }

    /** What a caller is told, without echoing the value. */
    public String message(Period horizonOverride) {
        Period ahead = horizonOverride != null ? horizonOverride : horizon;
        return "must be on or after " + earliest + " and no more than " + describe(ahead) + " ahead";
    }

    private static String describe(Period period) {
        if (period.getMonths() == 0 && period.getDays() == 0) {
            return period.getYears() + (period.getYears() == 1 ? " year" : " years");
        }
        return period.toString();
    }

    private static LocalDate dayOf(Instant instant) {
        try {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        } catch (DateTimeException beyondLocalDate) {
            // an Instant beyond LocalDate's range (year ±999,999,999) is out of any bounds anyway
            return instant.isBefore(Instant.EPOCH) ? LocalDate.MIN : LocalDate.MAX;
        }
    }
}
