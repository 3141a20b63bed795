package health.liaison.billing.invoices;

import java.time.Instant;

/**
 * What billing knows of a surgery (or procedure) scheduling booked: its start, when that start was set (the booking or
 * reschedule event's time) and whether it still stands. Written from scheduling's events, read when a quote is
 * accepted, so the balance invoice can be opened whichever of the two arrives first. Ids only, no PHI.
 */
record BookedSurgery(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                     Instant startSetAt, Status status, Instant updatedAt) {

    enum Status { BOOKED, CANCELLED, NO_SHOW, COMPLETED }

    boolean standing() {
        return status == Status.BOOKED || status == Status.COMPLETED;
    }

    BookedSurgery rescheduled(Instant newStart, Instant at) {
        return new BookedSurgery(id, patientId, locationId, appointmentTypeId, newStart, at, status, at);
    }

    BookedSurgery ended(Status newStatus, Instant at) {
        // a cancellation or no-show is final: a late "completed" cannot revive it, nor a completion be cancelled
        if (status == Status.CANCELLED || status == Status.NO_SHOW || (status == Status.COMPLETED && newStatus != Status.COMPLETED)) {
            return this;
        }
        return new BookedSurgery(id, patientId, locationId, appointmentTypeId, start, startSetAt, newStatus, at);
    }
}
