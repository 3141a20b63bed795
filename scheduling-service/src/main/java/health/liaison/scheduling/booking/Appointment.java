package health.liaison.scheduling.booking;

import health.liaison.scheduling.appointmenttypes.AppointmentType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A booked visit or surgery: the patient's time ({@code start}–{@code end}) and the longer span its resources are
 * busy for ({@code busyFrom}–{@code busyUntil}: set-up before, turnover after).
 */
public record Appointment(String id, String patientId, String locationId, String appointmentTypeId,
                          AppointmentType.Category category, List<String> providerIds, List<String> roomIds,
                          Instant start, Instant end, Instant busyFrom, Instant busyUntil, Status status,
                          String cancelReason, String cancelledBy, Instant cancelledAt) {

    public enum Status { BOOKED, CANCELLED }

    static Appointment book(String id, String patientId, String locationId, AppointmentType type,
                            List<String> providerIds, List<String> roomIds, Instant start) {
        Instant end = start.plus(type.duration());
        return new Appointment(id, patientId, locationId, type.id(), type.category(), List.copyOf(providerIds),
                List.copyOf(roomIds), start, end, start.minus(type.setup()), end.plus(type.turnover()), Status.BOOKED,
                null, null, null);
    }

    Interval busy() {
        return new Interval(busyFrom, busyUntil);
    }

    /** Every resource this appointment occupies, in one fixed order so concurrent bookings claim them alike. */
    List<String> resources() {
        List<String> all = new ArrayList<>(providerIds);
        all.addAll(roomIds);
        return all.stream().distinct().sorted().toList();
    }

    Appointment cancel(String reason, String by, Instant at) {
        if (status == Status.CANCELLED) {
            throw new IllegalStateException("already cancelled");
        }
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, Status.CANCELLED, reason, by, at);
    }
}
