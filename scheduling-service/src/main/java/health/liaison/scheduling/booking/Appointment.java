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
                          Instant holdExpiresAt, String cancelReason, String cancelledBy, Instant cancelledAt,
                          Flow flow, Instant patientConfirmedAt) {

    /** HELD: a tentative surgery date kept until the deposit is paid; it is confirmed (BOOKED) or it lapses. */
    public enum Status { HELD, BOOKED, CANCELLED, HOLD_EXPIRED, CHECKED_IN, COMPLETED, NO_SHOW }

    /** The patient's way through the visit; wait times derive from it. */
    public record Flow(Instant checkedInAt, Instant roomedAt, Instant withProviderAt, Instant checkedOutAt) {

        static final Flow NONE = new Flow(null, null, null, null);

        /** Minutes in the waiting room (check-in to roomed), or null while not roomed. */
        public Long waitingRoomMinutes() {
            return minutes(checkedInAt, roomedAt);
        }

        /** Minutes in the exam room before the provider came in, or null. */
        public Long roomToProviderMinutes() {
            return minutes(roomedAt, withProviderAt);
        }

        /** Minutes from check-in to check-out, or null while still there. */
        public Long visitMinutes() {
            return minutes(checkedInAt, checkedOutAt);
        }

        private static Long minutes(Instant from, Instant to) {
            return from == null || to == null ? null : Duration.between(from, to).toMinutes();
        }

        Flow with(Step step, Instant at) {
            return switch (step) {
                case CHECK_IN -> new Flow(at, roomedAt, withProviderAt, checkedOutAt);
                case ROOMED -> new Flow(checkedInAt, at, withProviderAt, checkedOutAt);
                case WITH_PROVIDER -> new Flow(checkedInAt, roomedAt, at, checkedOutAt);
                case CHECK_OUT -> new Flow(checkedInAt, roomedAt, withProviderAt, at);
            };
        }
    }

    /** The steps of a visit, in the order they happen. */
    public enum Step { CHECK_IN, ROOMED, WITH_PROVIDER, CHECK_OUT }

    /** Records a step of the visit; steps happen in order and only on the day's booked appointments. */
    Appointment advance(Step step, Instant at) {
        Flow current = flow == null ? Flow.NONE : flow;
        boolean allowed = switch (step) {
            case CHECK_IN -> status == Status.BOOKED;
            case ROOMED -> status == Status.CHECKED_IN && current.roomedAt() == null;
            case WITH_PROVIDER -> status == Status.CHECKED_IN && current.roomedAt() != null && current.withProviderAt() == null;
            case CHECK_OUT -> status == Status.CHECKED_IN;
        };
        if (!allowed) {
            throw new IllegalStateException(step + " is not possible for an appointment that is " + status);
        }
        Status next = step == Step.CHECK_IN ? Status.CHECKED_IN : step == Step.CHECK_OUT ? Status.COMPLETED : status;
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, next, holdExpiresAt, cancelReason, cancelledBy, cancelledAt, current.with(step, at), patientConfirmedAt);
    }

    Appointment noShow() {
        if (status != Status.BOOKED) {
            throw new IllegalStateException("only a booked appointment can be a no-show");
        }
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, Status.NO_SHOW, holdExpiresAt, cancelReason, cancelledBy, cancelledAt, flow, patientConfirmedAt);
    }

    static Appointment book(String id, String patientId, String locationId, AppointmentType type,
                            List<String> providerIds, List<String> roomIds, Instant start, Instant holdUntil) {
        Instant end = start.plus(type.duration());
        return new Appointment(id, patientId, locationId, type.id(), type.category(), List.copyOf(providerIds),
                List.copyOf(roomIds), start, end, start.minus(type.setup()), end.plus(type.turnover()),
                holdUntil == null ? Status.BOOKED : Status.HELD, holdUntil, null, null, null, Flow.NONE, null);
    }

    /** The claim this appointment holds on its resources for its current time. */
    String claimId() {
        return claimIdAt(start);
    }

    String claimIdAt(Instant at) {
        return id + "@" + at.getEpochSecond();
    }

    boolean holdsResources() {
        return status == Status.HELD || status == Status.BOOKED || status == Status.CHECKED_IN;
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
                cancelledAt, flow, patientConfirmedAt);
    }

    private Appointment with(Status newStatus, Instant hold) {
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, newStatus, hold, cancelReason, cancelledBy, cancelledAt, flow, patientConfirmedAt);
    }

    /** The patient answered "C" to a confirmation or reminder; the first answer counts. */
    Appointment confirmedByPatient(Instant at) {
        if (patientConfirmedAt != null) {
            return this;
        }
        return new Appointment(id, patientId, locationId, appointmentTypeId, category, providerIds, roomIds, start, end,
                busyFrom, busyUntil, status, holdExpiresAt, cancelReason, cancelledBy, cancelledAt, flow, at);
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
                busyFrom, busyUntil, Status.CANCELLED, holdExpiresAt, reason, by, at, flow, patientConfirmedAt);
    }
}
