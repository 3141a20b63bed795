package health.liaison.notifications.quiethours;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours of a clinic's night in which patients are not disturbed, in the clinic's own time zone. A window may
 * cross midnight (21:00–08:00). A message due inside waits until the window ends; urgent messages ignore it.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public QuietHours {
        if (start == null || end == null) {
            throw new IllegalArgumentException("Quiet hours need a start and an end");
        }
    }

    public boolean isNone() {
        return start.equals(end);
    }

    public boolean contains(Instant instant, ZoneId zone) {
        if (isNone()) {
            return false;
        }
        LocalTime local = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !local.isBefore(start) && local.isBefore(end);
        }
        return !local.isBefore(start) || local.isBefore(end);
    }

    /** The earliest instant at or after {@code due} outside quiet hours, in {@code zone}. */
    public Instant earliestSendAt(Instant due, ZoneId zone) {
        if (!contains(due, zone)) {
            return due;
        }
        ZonedDateTime local = due.atZone(zone);
        ZonedDateTime endToday = local.toLocalDate().atTime(end).atZone(zone);
        // in a window crossing midnight, before midnight the window ends tomorrow morning
        ZonedDateTime ends = endToday.isAfter(local) ? endToday : local.toLocalDate().plusDays(1).atTime(end).atZone(zone);
        return ends.toInstant();
    }
}
