package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * A held date was confirmed: {@code cause} says why (DEPOSIT_PAID when billing's paid deposit confirmed it,
 * CONFIRMED_BY_STAFF when a coordinator did). Published right after the {@link AppointmentBooked} that consumers act on,
 * for those that follow confirmations as such (the surgery board, reporting).
 */
@EventType(value = "health.liaison.scheduling.appointment.confirmed.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentConfirmed(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                                   String category, Instant start, String cause, Instant confirmedAt) implements DomainEvent {

    public static final String DEPOSIT_PAID = "DEPOSIT_PAID";
    public static final String CONFIRMED_BY_STAFF = "CONFIRMED_BY_STAFF";

    @Override
    public String subject() {
        return appointmentId;
    }
}
