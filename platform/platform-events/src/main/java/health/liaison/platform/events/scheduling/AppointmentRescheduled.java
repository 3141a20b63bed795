package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.util.List;

/** An appointment moved: its new time (and clinic and resources, which may have changed too). */
@EventType(value = "health.liaison.scheduling.appointment.rescheduled.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentRescheduled(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                                     String category, List<String> providerIds, List<String> roomIds,
                                     Instant previousStart, Instant start, Instant end) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
