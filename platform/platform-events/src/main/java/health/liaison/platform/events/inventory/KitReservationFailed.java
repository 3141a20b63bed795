package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.util.List;

/** A booked case's kit could not be reserved: what is missing (sku, needed, available). Nothing was held. */
@EventType(value = "health.liaison.inventory.kit.reservation-failed.v1", topic = Topics.INVENTORY_STOCK)
public record KitReservationFailed(String appointmentId, String locationId, String appointmentTypeId, List<Shortage> shortages,
                                   Instant failedAt) implements DomainEvent {

    /** One item short: how many the kit needs and how many are available at the clinic. */
    public record Shortage(String sku, int needed, int available) {
    }

    @Override
    public String subject() {
        return appointmentId;
    }
}
