package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A device is back in service. */
@EventType(value = "health.liaison.inventory.equipment.back-in-service.v1", topic = Topics.INVENTORY_EQUIPMENT)
public record EquipmentBackInService(String equipmentId, String locationId, Instant since) implements DomainEvent {

    @Override
    public String subject() {
        return equipmentId;
    }
}
