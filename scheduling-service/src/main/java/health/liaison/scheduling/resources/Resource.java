package health.liaison.scheduling.resources;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Something an appointment needs and that cannot be in two places at once: a provider (surgeon, anesthesia
 * provider, nurse, injector), a room (operating, procedure, consult) or a piece of equipment (e.g. a laser). A
 * provider may have weekly working hours per clinic; with none, they work whenever the clinic is open. Equipment can
 * be out of service (inventory says so), and then nothing that needs it can be booked.
 */
public record Resource(String id, Kind kind, String role, String name, List<String> locationIds,
                       List<WorkingHours> workingHours, boolean outOfService) {

    public enum Kind { PROVIDER, ROOM, EQUIPMENT }

    /** Provider roles, room kinds and equipment kinds the booking rules know by name. */
    public static final List<String> PROVIDER_ROLES = List.of("SURGEON", "ANESTHESIA", "NURSE", "INJECTOR", "PROVIDER");
    public static final List<String> ROOM_ROLES = List.of("OPERATING_ROOM", "PROCEDURE_ROOM", "CONSULT_ROOM");

    public record WorkingHours(String locationId, DayOfWeek day, LocalTime start, LocalTime end) {
    }

    public Resource {
        locationIds = locationIds == null ? List.of() : List.copyOf(locationIds);
        workingHours = workingHours == null ? List.of() : List.copyOf(workingHours);
    }

    public boolean at(String locationId) {
        return locationIds.contains(locationId);
    }

    /** The provider's working hours at a clinic on a weekday; empty when they have no template (clinic hours apply). */
    public List<WorkingHours> hoursAt(String locationId, DayOfWeek day) {
        return workingHours.stream().filter(h -> h.locationId().equals(locationId) && h.day() == day).toList();
    }

    public boolean hasTemplateAt(String locationId) {
        return workingHours.stream().anyMatch(h -> h.locationId().equals(locationId));
    }

    /** Whether [from, until) falls inside one of the provider's working spans at that clinic, on its local clock. */
    public boolean worksDuring(String locationId, ZoneId zone, Instant from, Instant until) {
        if (!hasTemplateAt(locationId)) {
            return true;
        }
        var localFrom = from.atZone(zone);
        var localUntil = until.atZone(zone);
        if (!localFrom.toLocalDate().equals(localUntil.toLocalDate()) && !localUntil.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return false;
        }
        return hoursAt(locationId, localFrom.getDayOfWeek()).stream().anyMatch(h ->
                !localFrom.toLocalTime().isBefore(h.start()) && !localUntil.toLocalTime().isAfter(h.end()));
    }

    Resource withService(boolean out) {
        return new Resource(id, kind, role, name, locationIds, workingHours, out);
    }
}
