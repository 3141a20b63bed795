package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.util.List;

/** An item of a surgery's pre-op checklist changed; {@code cleared} says whether the patient is now cleared for surgery and {@code outstanding} names the items still open (item codes such as CONSENTS_SIGNED, DEPOSIT_PAID). */
@EventType(value = "health.liaison.records.patient.clearance-changed.v1", topic = Topics.RECORDS_PATIENT)
public record ClearanceChanged(String appointmentId, String patientId, String locationId, boolean cleared, List<String> outstanding, Instant changedAt) implements DomainEvent {

    @Override
    public String subject() {
        return patientId;
    }
}
