package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** The patient arrived for an appointment. */
@EventType(value = "health.liaison.scheduling.appointment.checked-in.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentCheckedIn(String appointmentId, String patientId, String locationId, String appointmentTypeId, String category, Instant checkedInAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
