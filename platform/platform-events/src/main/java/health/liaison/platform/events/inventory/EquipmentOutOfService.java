package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A device went out of service; scheduling books nothing that needs it. */
@EventType(value = "health.liaison.inventory.equipment.out-of-service.v1", topic = Topics.INVENTORY_EQUIPMENT)
public record EquipmentOutOfService(String equipmentId, String locationId, String reason, Instant since) implements DomainEvent {

    @Override
    public String subject() {
        return equipmentId;
    }
}
