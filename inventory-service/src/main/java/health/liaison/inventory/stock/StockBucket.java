package health.liaison.inventory.stock;

import java.time.Instant;

/**
 * Stock of one item at one place of a clinic, of one lot (or one serial number): its counters. The movements that
 * made them are documents of their own ({@link StockMovements}, read page by page as the bucket's history); every
 * movement moves the counters with one conditional update of this document, so {@code available} never goes below
 * zero. A serial number is its own bucket whose id is the serial, so one serial can never be received twice.
 */
public record StockBucket(String id, String locationId, String place, String sku, String lot, String serial,
                          String expiresOn, boolean quarantined, int onHand, int reserved, int available, Instant receivedAt) {
}
