package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A completed case used its supplies; implant lots and serials are linked to the case and patient in inventory. */
@EventType(value = "health.liaison.inventory.case.supplies-consumed.v1", topic = Topics.INVENTORY_STOCK)
public record CaseSuppliesConsumed(String appointmentId, String patientId, String locationId, int itemsUsed, int varianceLines, Instant consumedAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
