package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * A patient moved on within a visit between check-in and check-out: {@code step} is ROOMED (in an exam or pre-op room)
 * or WITH_PROVIDER (the provider is with the patient), at {@code at}. Check-in and check-out have their own events
 * ({@link AppointmentCheckedIn}, {@link AppointmentCompleted}); with this one a reader has every flow timestamp.
 */
@EventType(value = "health.liaison.scheduling.appointment.flow-advanced.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record AppointmentFlowAdvanced(String appointmentId, String locationId, String step, Instant at) implements DomainEvent {

    public static final String ROOMED = "ROOMED";
    public static final String WITH_PROVIDER = "WITH_PROVIDER";

    @Override
    public String subject() {
        return appointmentId;
    }
}
