package health.liaison.inventory.stock;

import java.time.Instant;
import java.util.List;

/**
 * Stock of one item at one place of a clinic, of one lot (or one serial number): counters and the append-only
 * list of movements that made them. Every movement is one conditional update of this one document — the counters
 * move and the movement is appended together — so nothing half-posts and {@code available} never goes below zero.
 * A serial number is its own bucket whose id is the serial, so one serial can never be received twice.
 */
public record StockBucket(String id, String locationId, String place, String sku, String lot, String serial,
                          String expiresOn, boolean quarantined, int onHand, int reserved, int available,
                          List<Movement> movements, Instant receivedAt) {

    public record Movement(String movementId, String type, int quantity, Instant at, String reference, String reason, String by) {
    }

    public StockBucket {
        movements = movements == null ? List.of() : List.copyOf(movements);
    }

    /** The balance as the movements derive it (what the counters must equal). */
    public int onHandFromMovements() {
        return movements.stream().mapToInt(m -> switch (m.type()) {
            case "RECEIVE", "TRANSFER_IN" -> m.quantity();
            case "CONSUME", "WASTE", "EXPIRE", "TRANSFER_OUT" -> -m.quantity();
            case "ADJUST" -> m.quantity();
            default -> 0;
        }).sum();
    }
}
