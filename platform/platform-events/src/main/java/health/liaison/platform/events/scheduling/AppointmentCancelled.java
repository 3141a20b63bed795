package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * An appointment was cancelled. {@code reasonCode} is a code (PATIENT_REQUEST, PROVIDER_UNAVAILABLE,
 * MEDICAL, NO_DEPOSIT, OTHER), never free text; {@code start} lets billing apply the cancellation policy.
 */
@EventType(value = "health.liaison.scheduling.appointment.cancelled.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentCancelled(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                                   String category, Instant start, String reasonCode, Instant cancelledAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
