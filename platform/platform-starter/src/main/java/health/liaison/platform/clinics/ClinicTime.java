package health.liaison.platform.clinics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The calendar of one clinic: which local date an instant falls on there and when a local date begins. Days are the
 * clinic's days, so "10 days before the surgery" counts ten of its dates whatever the clocks do in between (a day of
 * a daylight-saving change is 23 or 25 hours long and still one day). Plain Java, no I/O.
 *
 * @param known whether scheduling has told this service the clinic's zone; when not, {@link #FALLBACK} is used
 */
public record ClinicTime(String locationId, ZoneId zone, boolean known) {

    /** The zone of a clinic not heard of yet: UTC, the days every service counted in before clinics had zones. */
    public static final ZoneId FALLBACK = ZoneOffset.UTC;

    public static ClinicTime of(String locationId, ZoneId zone) {
        return new ClinicTime(locationId, zone, true);
    }

    static ClinicTime unknown(String locationId) {
        return new ClinicTime(locationId, FALLBACK, false);
    }

    /** The clinic-local date of an instant. */
    public LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The clinic's date now. */
    public LocalDate today(Clock clock) {
        return dateOf(clock.instant());
    }

    /** The instant the clinic-local day begins (its first valid local time, should a clock change skip midnight). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }
}
