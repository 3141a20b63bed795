package health.liaison.inventory.cases;

import health.liaison.inventory.stock.StockLedger;
import health.liaison.platform.events.inventory.KitReservationFailed;

import java.time.Instant;
import java.util.List;

/**
 * A booked case's kit as held in stock (id = scheduling's appointment id), then released or consumed.
 * {@code attempt} counts the tries at reserving the kit from the booking (a redelivery that finds the case still
 * RESERVING starts the next one); {@code reference} is the ledger reference the held {@code allocations} were
 * reserved under (what releasing or consuming them names). Older documents have neither: attempt 1, "case:"+id.
 */
public record CaseReservation(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                              String status, List<StockLedger.Allocation> allocations,
                              List<KitReservationFailed.Shortage> shortages, List<UsedItem> actualUse, Instant updatedAt,
                              Integer attempt, String reference) {

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

    /** The ledger reference of a reservation attempt from the booking: the first keeps the historic "case:"+id. */
    static String attemptReference(String appointmentId, int attempt) {
        return attempt <= 1 ? "case:" + appointmentId : "case:" + appointmentId + ":attempt:" + attempt;
    }

    int attemptNumber() {
        return attempt == null ? 1 : attempt;
    }

    String heldUnder() {
        return reference == null ? attemptReference(id, 1) : reference;
    }

    /** The references every reservation attempt from the booking used, the current one last. */
    List<String> attemptReferences() {
        return java.util.stream.IntStream.rangeClosed(1, attemptNumber()).mapToObj(n -> attemptReference(id, n)).toList();
    }

    CaseReservation with(String newStatus, List<StockLedger.Allocation> newAllocations,
                         List<KitReservationFailed.Shortage> newShortages, Instant at) {
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, newStatus, newAllocations, newShortages,
                actualUse, at, attempt, reference);
    }

    /** Holds (or failed to hold) the kit under {@code heldUnder}. */
    CaseReservation held(String newStatus, List<StockLedger.Allocation> newAllocations,
                         List<KitReservationFailed.Shortage> newShortages, String heldUnder, Instant at) {
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, newStatus, newAllocations, newShortages,
                actualUse, at, attempt, heldUnder);
    }

    /** The next try at reserving the kit of a case still RESERVING (the previous one never finished). */
    CaseReservation nextAttempt(Instant at) {
        if (!RESERVING.equals(status)) {
            throw new IllegalStateException("Only a case still reserving its kit can try again; this one is " + status);
        }
        int next = attemptNumber() + 1;
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, status, List.of(), List.of(), actualUse, at,
                next, attemptReference(id, next));
    }

    CaseReservation movedTo(String newLocationId, Instant newStart, Instant at) {
        return new CaseReservation(id, patientId, newLocationId, appointmentTypeId, newStart, status, allocations, shortages, actualUse,
                at, attempt, reference);
    }

    CaseReservation used(List<UsedItem> items, Instant at) {
        return new CaseReservation(id, patientId, locationId, appointmentTypeId, start, status, allocations, shortages, items, at,
                attempt, reference);
    }
}
