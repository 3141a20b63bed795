package health.liaison.inventory.stock;

import java.time.Instant;

/**
 * One movement of a bucket's history as the API shows it: {@code seq} is its place in the bucket's history (1 is the
 * first), {@code reference} what caused it (a case, a purchase order, a transfer), {@code by} who.
 */
public record StockMovement(long seq, String movementId, String type, int quantity, Instant at, String reference, String reason,
                            String by) {
}
