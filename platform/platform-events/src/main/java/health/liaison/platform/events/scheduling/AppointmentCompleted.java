package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** The patient checked out: the visit or surgery happened. Billing captures charges, inventory consumes the kit. */
@EventType(value = "health.liaison.scheduling.appointment.completed.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentCompleted(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                                   String category, Instant completedAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
