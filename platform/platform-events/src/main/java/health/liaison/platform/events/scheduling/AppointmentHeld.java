package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A date was held tentatively (e.g. a surgery until its deposit is paid); it is confirmed by AppointmentBooked or lapses. */
@EventType(value = "health.liaison.scheduling.appointment.held.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentHeld(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                              String category, Instant start, Instant end, Instant holdExpiresAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
