package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A freed slot is offered to a waiting patient until {@code expiresAt}; the first to accept gets it. The notification service tells the patient. */
@EventType(value = "health.liaison.scheduling.waitlist.slot-offered.v1", topic = Topics.SCHEDULING_APPOINTMENT)
public record WaitlistSlotOffered(String offerId, String waitlistEntryId, String patientId, String locationId, String appointmentTypeId, Instant start, Instant expiresAt) implements DomainEvent {

    @Override
    public String subject() {
        return waitlistEntryId;
    }
}
