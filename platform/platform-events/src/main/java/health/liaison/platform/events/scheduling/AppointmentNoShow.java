package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** The patient did not come; billing may charge a no-show fee. */
@EventType(value = "health.liaison.scheduling.appointment.no-show.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentNoShow(String appointmentId, String patientId, String locationId, String appointmentTypeId, String category, Instant start, Instant recordedAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
