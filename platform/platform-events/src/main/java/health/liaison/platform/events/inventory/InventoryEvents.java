package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the inventory area publishes. Each has a pinned JSON sample in the contract test. */
public final class InventoryEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(KitReserved.class, KitReservationFailed.class,
            KitReleased.class, CaseSuppliesConsumed.class, StockBelowReorderPoint.class, StockExpiring.class, RecallRaised.class,
            EquipmentOutOfService.class, EquipmentBackInService.class);

    private InventoryEvents() {
    }
}
