package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A clinic was defined or changed: its IANA time zone, weekly opening hours and holidays (local dates). Every area that
 * counts clinic-local days (due dates, surgery days, business hours, reports) keeps a local copy from this event; the
 * latest by {@code changedAt} wins.
 */
@EventType(value = "health.liaison.scheduling.location.changed.v1", topic = Topics.SCHEDULING_LOCATION)
public record LocationChanged(String locationId, String zoneId, Map<DayOfWeek, List<OpeningSpan>> hours,
                              List<LocalDate> holidays, Instant changedAt) implements DomainEvent {

    public LocationChanged {
        hours = hours == null ? Map.of() : Map.copyOf(hours);
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
    }

    @Override
    public String subject() {
        return locationId;
    }

    /** One span of opening hours on a weekday, clinic-local. */
    public record OpeningSpan(LocalTime opens, LocalTime closes) {
    }
}
