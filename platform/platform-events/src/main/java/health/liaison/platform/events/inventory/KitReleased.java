package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** A cancelled case's reservation was released back to stock. */
@EventType(value = "health.liaison.inventory.kit.released.v1", topic = Topics.INVENTORY_STOCK)
public record KitReleased(String appointmentId, String locationId, Instant releasedAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
