package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.time.LocalDate;

/** A lot expires within {@code withinDays} days (30, 60 or 90). */
@EventType(value = "health.liaison.inventory.stock.expiring.v1", topic = Topics.INVENTORY_STOCK)
public record StockExpiring(String sku, String locationId, String lot, LocalDate expiresOn, int withinDays, Instant detectedAt) implements DomainEvent {

    @Override
    public String subject() {
        return sku;
    }
}
