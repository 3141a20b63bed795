package health.liaison.inventory.stock;

import health.liaison.platform.events.inventory.StockBelowReorderPoint;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Par levels and reorder points per clinic and item, and the alert state that publishes
 * {@link StockBelowReorderPoint} once per crossing. The state is one document per clinic and item
 * ({@code below}); the crossing is a versioned single-document update that flips it and carries the event in its
 * outbox, so concurrent movements (or replicas) publish it once, and only again after the stock was back at or
 * above the reorder point.
 */
@Component
class ReorderPoints {

    private final TenantStore<ParLevel> levels;
    private final TenantStore<ReorderAlert> alerts;
    private final Clock clock;

    ReorderPoints(TenantStores stores, Clock clock) {
        this.levels = stores.of(ParLevel.class, "par_levels", "par level");
        this.alerts = stores.of(ReorderAlert.class, "reorder_alerts", "reorder alert");
        this.clock = clock;
    }

    record ParLevel(String id, String locationId, String sku, int parLevel, int reorderPoint) {
    }

    /** Whether an item at a clinic is (known to be) below its reorder point, and how often it fell below. */
    record ReorderAlert(String id, String locationId, String sku, boolean below, int crossings, Instant changedAt) {
    }

    /** Stored ids carry the practice group, so two groups' clinic and item names never meet in one id. */
    static String id(String locationId, String sku) {
        return Callers.current().tenantId() + "|" + locationId + "|" + sku;
    }

    Optional<Versioned<ParLevel>> level(String locationId, String sku) {
        return levels.find(id(locationId, sku));
    }

    List<ParLevel> levelsAt(String locationId) {
        return levels.find(Criteria.where("locationId").is(locationId), Sort.by("sku"), 5000);
    }

    ParLevel define(String locationId, String sku, int parLevel, int reorderPoint) {
        ParLevel level = new ParLevel(id(locationId, sku), locationId, sku, parLevel, reorderPoint);
        Optional<Versioned<ParLevel>> existing = levels.find(level.id());
        try {
            return existing.isPresent() ? levels.update(level.id(), existing.get().version(), level, List.of(), locationId).value()
                    : levels.insert(level, List.of(), locationId).value();
        } catch (DuplicateKeyException definedMeanwhile) {
            return levels.update(level.id(), levels.get(level.id()).version(), level, List.of(), locationId).value();
        }
    }

    /**
     * Compares what is available now with the item's reorder point at the clinic and records a crossing: below
     * (publishing the event, once) or back at/above (re-arming). Nothing is written while nothing crossed.
     */
    void check(String locationId, String sku, IntSupplier availableNow) {
        Optional<Versioned<ParLevel>> level = level(locationId, sku);
        if (level.isEmpty()) {
            return;
        }
        int reorderPoint = level.get().value().reorderPoint();
        int available = availableNow.getAsInt();
        String id = id(locationId, sku);
        Optional<Versioned<ReorderAlert>> state = alerts.find(id);
        boolean wasBelow = state.map(s -> s.value().below()).orElse(false);
        if (ReorderRule.next(wasBelow, available, reorderPoint) == ReorderRule.Step.UNCHANGED) {
            return;
        }
        Instant now = clock.instant();
        StockBelowReorderPoint event = new StockBelowReorderPoint(sku, locationId, available, reorderPoint, now);
        if (state.isEmpty()) {
            try {
                alerts.insert(new ReorderAlert(id, locationId, sku, true, 1, now), List.of(event), locationId);
                return;
            } catch (DuplicateKeyException recordedMeanwhile) {
                // another movement recorded the state first: decide against what it wrote
            }
        }
        alerts.modify(id, a -> switch (ReorderRule.next(a.below(), available, reorderPoint)) {
            case CROSSED_BELOW -> TenantStore.Change.of(new ReorderAlert(id, locationId, sku, true, a.crossings() + 1, now),
                    List.of(event), locationId);
            case RECOVERED -> TenantStore.Change.quietly(new ReorderAlert(id, locationId, sku, false, a.crossings(), now));
            case UNCHANGED -> TenantStore.Change.quietly(a);
        });
    }
}
