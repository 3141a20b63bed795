package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/** An item's available stock at a clinic fell below its reorder point. */
@EventType(value = "health.liaison.inventory.stock.below-reorder-point.v1", topic = Topics.INVENTORY_STOCK)
public record StockBelowReorderPoint(String sku, String locationId, int available, int reorderPoint, Instant detectedAt) implements DomainEvent {

    @Override
    public String subject() {
        return sku;
    }
}
