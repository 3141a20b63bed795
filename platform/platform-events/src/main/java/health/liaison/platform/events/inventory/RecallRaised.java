package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;
import java.util.List;

/** A manufacturer recall: the cases and patients that received the recalled lot or serials (ids only). */
@EventType(value = "health.liaison.inventory.recall.raised.v1", topic = Topics.INVENTORY_STOCK)
public record RecallRaised(String recallId, String manufacturer, String sku, String lot, List<String> appointmentIds, List<String> patientIds, Instant raisedAt) implements DomainEvent {

    @Override
    public String subject() {
        return recallId;
    }
}
