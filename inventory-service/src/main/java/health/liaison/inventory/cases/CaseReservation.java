package health.liaison.inventory.cases;

import health.liaison.inventory.stock.StockLedger;
import health.liaison.platform.events.inventory.KitReservationFailed;

import java.time.Instant;
import java.util.List;

/** A booked case's kit as held in stock (id = scheduling's appointment id), then released or consumed. */
public record CaseReservation(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                              String status, List<StockLedger.Allocation> allocations,
                              List<KitReservationFailed.Shortage> shortages, List<UsedItem> actualUse, Instant updatedAt) {

    public static final String RESERVING = "RESERVING";
    public static final String RESERVED = "RESERVED";
    public static final String FAILED = "FAILED";
    public static final String RELEASED = "RELEASED";
    public static final String CONSUMED = "CONSUMED";
    public static final String NO_KIT = "NO_KIT";

    /** What a nurse recorded as actually used in the case. */
    public record UsedItem(String sku, String lot, String serial, int quantity) {
    }

    public CaseReservation {
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
        shortages = shortages == null ? List.of() : List.copyOf(shortages);
        actualUse = actualUse == null ? List.of() : List.copyOf(actualUse);
    }

    CaseReservation with(String newStatus, List<StockLedger.Allocation> newAllocations,
                         List<KitReservationFailed.Shortage> newShortages, Instant at) {
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, newStatus, newAllocations, newShortages,
                actualUse, at);
    }

    CaseReservation used(List<UsedItem> items, Instant at) {
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, status, allocations, shortages, items, at);
    }
}
