package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A held date was not confirmed in time: its resources are free again. */
@EventType(value = "health.liaison.scheduling.appointment.hold-expired.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentHoldExpired(String appointmentId, String patientId, String locationId, Instant start,
                                     Instant expiredAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
