package health.liaison.notifications.staffalerts;

import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.StockBelowReorderPoint;
import health.liaison.platform.events.inventory.StockExpiring;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Inventory's stock alerts, emailed to the clinic's inventory staff ({@code liaison.notifications.clinics.<location>.
 * inventory-email}): an item below its reorder point (LOW_STOCK) and a lot close to expiry (STOCK_EXPIRING). These
 * are staff messages about items, never about a patient. Ids derive from the kind, clinic, item (and lot) and the day
 * the alert was detected, or the expiry window: a redelivered event plans nothing twice, and an item that is low again
 * tomorrow alerts again.
 */
@Component
class InventoryAlerts {

    static final String ROLE = "INVENTORY";

    private final Messages messages;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    InventoryAlerts(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("inventory-alerts")
                .on(StockBelowReorderPoint.class, this::belowReorderPoint)
                .on(StockExpiring.class, this::expiring);
    }

    @KafkaListener(topics = Topics.INVENTORY_STOCK, groupId = "${spring.kafka.consumer.group-id}.inventory-alerts")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void belowReorderPoint(ReceivedEvent<StockBelowReorderPoint> event) {
        StockBelowReorderPoint low = event.payload();
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(low.detectedAt(), ZoneOffset.UTC);
        messages.plan(Message.forStaff("low-stock-" + low.locationId() + "-" + low.sku() + "-" + day + "-EMAIL", ROLE,
                low.locationId(), "LOW_STOCK", now, Map.of("sku", low.sku(), "available", Integer.toString(low.available()),
                        "reorderPoint", Integer.toString(low.reorderPoint())), event.id(), now));
    }

    private void expiring(ReceivedEvent<StockExpiring> event) {
        StockExpiring expiring = event.payload();
        Instant now = clock.instant();
        messages.plan(Message.forStaff("stock-expiring-" + expiring.locationId() + "-" + expiring.sku() + "-"
                        + expiring.lot() + "-" + expiring.withinDays() + "-EMAIL", ROLE, expiring.locationId(),
                "STOCK_EXPIRING", now, Map.of("sku", expiring.sku(), "lot", expiring.lot(),
                        "expiresOn", expiring.expiresOn().toString(), "withinDays", Integer.toString(expiring.withinDays())),
                event.id(), now));
    }
}
