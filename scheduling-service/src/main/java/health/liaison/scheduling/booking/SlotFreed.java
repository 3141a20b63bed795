package health.liaison.scheduling.booking;

import java.time.Instant;
import java.util.List;

/**
 * Told inside the service when an appointment gave its time back (cancelled, lapsed hold, moved away), so the
 * waitlist can offer it. Handled in the same thread, so the practice group of the caller still applies.
 */
public record SlotFreed(String appointmentId, String locationId, String appointmentTypeId, List<String> providerIds,
                        List<String> roomIds, Instant start) {

    static SlotFreed of(Appointment a) {
        return new SlotFreed(a.id(), a.locationId(), a.appointmentTypeId(), a.providerIds(), a.roomIds(), a.start());
    }
}
