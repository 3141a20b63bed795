package health.liaison.notifications.staffalerts;

import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.StockBelowReorderPoint;
import health.liaison.platform.events.inventory.StockExpiring;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>An alert detected longer ago than {@code liaison.notifications.staff-alerts.max-age} (default 24 h) is not
 * e-mailed: it says nothing reliable about today's stock, and a new consumer group reading the topic from its start
 * (a fresh deployment, a reset) would otherwise send staff every alert the topic still holds.
 */
@Component
class InventoryAlerts {

    static final String ROLE = "INVENTORY";
    private static final Logger log = LoggerFactory.getLogger(InventoryAlerts.class);

    private final Messages messages;
    private final Clock clock;
    private final EventInbox.Reaction reaction;
    private final Duration maxAge;

    InventoryAlerts(Messages messages, EventInbox inbox, Clock clock,
                    @Value("${liaison.notifications.staff-alerts.max-age:PT24H}") Duration maxAge) {
        this.messages = messages;
        this.clock = clock;
        this.maxAge = maxAge;
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
        if (stale(low.detectedAt(), now)) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(low.detectedAt(), ZoneOffset.UTC);
        messages.plan(Message.forStaff("low-stock-" + low.locationId() + "-" + low.sku() + "-" + day + "-EMAIL", ROLE,
                low.locationId(), "LOW_STOCK", now, Map.of("sku", low.sku(), "available", Integer.toString(low.available()),
                        "reorderPoint", Integer.toString(low.reorderPoint())), event.id(), now));
    }

    private void expiring(ReceivedEvent<StockExpiring> event) {
        StockExpiring expiring = event.payload();
        Instant now = clock.instant();
        if (stale(expiring.detectedAt(), now)) {
            return;
        }
        messages.plan(Message.forStaff("stock-expiring-" + expiring.locationId() + "-" + expiring.sku() + "-"
                        + expiring.lot() + "-" + expiring.withinDays() + "-EMAIL", ROLE, expiring.locationId(),
                "STOCK_EXPIRING", now, Map.of("sku", expiring.sku(), "lot", expiring.lot(),
                        "expiresOn", expiring.expiresOn().toString(), "withinDays", Integer.toString(expiring.withinDays())),
                event.id(), now));
    }

    private boolean stale(Instant detectedAt, Instant now) {
        boolean stale = detectedAt != null && detectedAt.plus(maxAge).isBefore(now);
        if (stale) {
            log.info("A stock alert detected at {} is older than {}: not e-mailed", detectedAt, maxAge);
        }
        return stale;
    }
}
