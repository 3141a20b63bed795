package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.util.List;

/**
 * An appointment was booked (or a held one confirmed) at a clinic. {@code category} is CONSULTATION, SURGERY,
 * PROCEDURE, PRE_OP or POST_OP; {@code appointmentTypeId} names the practice's type (e.g. "breast-augmentation"),
 * which inventory maps to a kit and notifications to reminder rules. Ids and times only.
 */
@EventType(value = "health.liaison.scheduling.appointment.booked.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentBooked(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                                String category, List<String> providerIds, List<String> roomIds, Instant start,
                                Instant end) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
