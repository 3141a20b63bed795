package health.liaison.scheduling.locations;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** A clinic of the practice group: its time zone decides what "09:00 on Monday" means, and when it is open. */
public record Clinic(String id, String name, String zoneId, Map<DayOfWeek, List<OpeningHours>> hours,
                     Map<String, String> holidays) {

    public Clinic {
        holidays = holidays == null ? Map.of() : Map.copyOf(holidays);
    }

    /** Whether the clinic is closed all day on this local date (a holiday). */
    public boolean closedOn(java.time.LocalDate date) {
        return holidays.containsKey(date.toString());
    }

    public ZoneId zone() {
        return ZoneId.of(zoneId);
    }

    public record OpeningHours(LocalTime opens, LocalTime closes) {
    }
}
