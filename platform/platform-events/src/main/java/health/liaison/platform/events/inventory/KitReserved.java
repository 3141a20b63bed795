package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** The supplies and implants a booked case needs are reserved for it at its clinic. */
@EventType(value = "health.liaison.inventory.kit.reserved.v1", topic = Topics.INVENTORY_STOCK)
public record KitReserved(String appointmentId, String locationId, String appointmentTypeId, int lines, Instant reservedAt) implements DomainEvent {

    @Override
    public String subject() {
        return appointmentId;
    }
}
