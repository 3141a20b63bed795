package health.liaison.scheduling.booking;

import health.liaison.scheduling.appointmenttypes.AppointmentType;

import java.time.Duration;
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
                          Instant holdExpiresAt, String cancelReason, String cancelledBy, Instant cancelledAt) {

    /** HELD: a tentative surgery date kept until the deposit is paid; it is confirmed (BOOKED) or it lapses. */
    public enum Status { HELD, BOOKED, CANCELLED, HOLD_EXPIRED }

    static Appointment book(String id, String patientId, String locationId, AppointmentType type,
                            List<String> providerIds, List<String> roomIds, Instant start, Instant holdUntil) {
        Instant end = start.plus(type.duration());
        return new Appointment(id, patientId, locationId, type.id(), type.category(), List.copyOf(providerIds),
                List.copyOf(roomIds), start, end, start.minus(type.setup()), end.plus(type.turnover()),
                holdUntil == null ? Status.BOOKED : Status.HELD, holdUntil, null, null, null);
    }

    /** The claim this appointment holds on its resources for its current time. */
    String claimId() {
        return claimIdAt(start);
    }

    String claimIdAt(Instant at) {
        return id + "@" + at.getEpochSecond();
    }

    boolean holdsResources() {
        return status == Status.HELD || status == Status.BOOKED;
    }

    Appointment confirm(Instant now) {
        if (status != Status.HELD) {
            throw new IllegalStateException("only a held appointment is confirmed");
        }
        if (!holdExpiresAt.isAfter(now)) {
            throw new IllegalStateException("the hold has lapsed");
        }
        return with(Status.BOOKED, null);
    }

    Appointment lapse() {
        if (status != Status.HELD) {
            throw new IllegalStateException("only a held appointment lapses");
        }
        return with(Status.HOLD_EXPIRED, holdExpiresAt);
    }

    Appointment movedTo(Instant newStart) {
        Duration setup = Duration.between(busyFrom, start);
        Duration length = Duration.between(start, end);
        Duration turnover = Duration.between(end, busyUntil);
        Instant newEnd = newStart.plus(length);
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, newStart,
                newEnd, newStart.minus(setup), newEnd.plus(turnover), status, holdExpiresAt, cancelReason, cancelledBy,
                cancelledAt);
    }

    private Appointment with(Status newStatus, Instant hold) {
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, newStatus, hold, cancelReason, cancelledBy, cancelledAt);
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
        if (!holdsResources()) {
            throw new IllegalStateException("already " + status);
        }
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, Status.CANCELLED, holdExpiresAt, reason, by, at);
    }
}
