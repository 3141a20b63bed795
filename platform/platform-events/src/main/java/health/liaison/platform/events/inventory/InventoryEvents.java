package health.liaison.platform.events.inventory;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the inventory area publishes. Each has a pinned JSON sample in the contract test. */
public final class InventoryEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of();

    private InventoryEvents() {
    }
}
