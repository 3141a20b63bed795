package health.liaison.inventory.stock;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The movement ledger. Each operation is ONE conditional update of a stock bucket: the guard in the filter
 * ({@code available >= n}, {@code reserved >= n}) and the movement's id not yet present make it safe under any
 * concurrency and any retry — of M concurrent reservations against N units exactly N succeed, and a redelivered
 * movement is recorded once. No transaction anywhere.
 */
@Component
public class StockLedger {

    static final String COLLECTION = "stock";
    private static final Logger log = LoggerFactory.getLogger(StockLedger.class);

    private final MongoCollection<Document> buckets;
    private final TenantStore<StockBucket> reads;
    private final Clock clock;
    private final ReorderPoints reorderPoints;

    StockLedger(MongoTemplate mongo, TenantStores stores, Clock clock, ReorderPoints reorderPoints) {
        this.buckets = mongo.getCollection(COLLECTION);
        this.reads = stores.of(StockBucket.class, COLLECTION, "stock");
        this.clock = clock;
        this.reorderPoints = reorderPoints;
    }

    /** One part of a reservation: which bucket, how many, of which lot/serial. */
    public record Allocation(String bucketId, String sku, String lot, String serial, String expiresOn, int quantity) {
    }

    public static String bucketId(String tenant, String locationId, String place, String sku, String lot, String serial) {
        return serial != null ? tenant + "|SN|" + sku + "|" + serial : tenant + "|" + locationId + "|" + place + "|" + sku + "|" + (lot == null ? "-" : lot);
    }

    /** Receives stock; a serial already in the ledger (anywhere) is refused; the same movement id twice counts once. */
    public StockBucket receive(String movementId, String locationId, String place, String sku, String lot, String serial,
                               String expiresOn, int quantity, String reference) {
        String tenant = Callers.current().tenantId();
        String id = bucketId(tenant, locationId, place, sku, lot, serial);
        Document movement = movement(movementId, "RECEIVE", quantity, reference, null);
        if (serial != null) {
            Document doc = identity(tenant, id, locationId, place, sku, lot, serial, expiresOn)
                    .append("onHand", 1).append("reserved", 0).append("available", 1).append("movements", List.of(movement))
                    .append("receivedAt", Date.from(clock.instant())).append("_v", 1L);
            try {
                buckets.insertOne(doc);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                if (!hasMovement(id, movementId)) {
                    throw ApiProblem.conflict("serial-exists", "Serial " + serial + " of " + sku + " was already received.",
                            Map.of("field", "serial"));
                }
            }
            recheck(locationId, sku);
            return bucket(id);
        }
        Document filter = new Document("_id", id).append("movements.movementId", new Document("$ne", movementId));
        Document update = new Document("$inc", new Document("onHand", quantity).append("available", quantity).append("_v", 1L))
                .append("$push", new Document("movements", movement))
                .append("$setOnInsert", identity(tenant, id, locationId, place, sku, lot, null, expiresOn)
                        .append("reserved", 0).append("receivedAt", Date.from(clock.instant())));
        try {
            buckets.updateOne(filter, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // the movement was recorded before: a retry
        }
        recheck(locationId, sku);
        return bucket(id);
    }

    /**
     * Reserves {@code quantity} of an item at a clinic, first-expiry-first-out over lots that are not quarantined and
     * not expired on {@code neededOn}. All or nothing: on a shortage what was taken is given back.
     *
     * @return the allocations, or empty when there is not enough; {@code available} tells how much there was
     */
    public Optional<List<Allocation>> reserve(String reference, String locationId, String sku, int quantity, LocalDate neededOn) {
        Optional<List<Allocation>> reserved = reserveWithoutRecheck(reference, locationId, sku, quantity, neededOn);
        recheck(locationId, sku);
        return reserved;
    }

    /**
     * {@link #reserve} without comparing the item with its reorder point: for a kit, which is all or nothing over
     * several lines, so a line held only until a later line fails never raises an alert. The caller gives back what a
     * failed kit took ({@link #releaseWithoutRecheck}) and then calls {@link #recheck(String, Collection)} once.
     */
    public Optional<List<Allocation>> reserveWithoutRecheck(String reference, String locationId, String sku, int quantity,
                                                            LocalDate neededOn) {
        List<Allocation> taken = new ArrayList<>();
        int missing = quantity;
        for (int round = 0; round < 5 && missing > 0; round++) {
            for (StockBucket bucket : usable(locationId, sku, neededOn)) {
                if (missing == 0) {
                    break;
                }
                int take = Math.min(missing, bucket.available());
                if (take <= 0) {
                    continue;
                }
                String movementId = "reserve:" + reference + ":" + bucket.id() + ":" + round;
                if (guarded(bucket.id(), new Document("available", new Document("$gte", take)).append("quarantined", false),
                        new Document("available", -take).append("reserved", take), movement(movementId, "RESERVE", take, reference, null),
                        false) != null) {
                    Allocation allocation = new Allocation(bucket.id(), sku, bucket.lot(), bucket.serial(), bucket.expiresOn(), take);
                    taken.add(merge(taken, allocation));
                    missing -= take;
                }
            }
        }
        if (missing > 0) {
            releaseAll(reference, taken, false);
            return Optional.empty();
        }
        return Optional.of(compact(taken));
    }

    /** Gives reserved stock back (cancellation, shortage elsewhere in the kit). */
    public void release(String reference, List<Allocation> allocations) {
        releaseAll(reference, allocations, true);
    }

    /** Gives back what a kit that could not be had in full took, without comparing with reorder points (see above). */
    public void releaseWithoutRecheck(String reference, List<Allocation> allocations) {
        releaseAll(reference, allocations, false);
    }

    /** Compares each item with its reorder point at the clinic, once, after a kit's lines are all settled. */
    public void recheck(String locationId, Collection<String> skus) {
        skus.forEach(sku -> recheck(locationId, sku));
    }

    private void releaseAll(String reference, List<Allocation> allocations, boolean recheck) {
        for (Allocation a : allocations) {
            guarded(a.bucketId(), new Document("reserved", new Document("$gte", a.quantity())),
                    new Document("available", a.quantity()).append("reserved", -a.quantity()),
                    movement("release:" + reference + ":" + a.bucketId() + ":" + a.quantity(), "RELEASE", a.quantity(), reference, null),
                    recheck);
        }
    }

    /**
     * Gives back whatever is still held under {@code reference} (reserved minus released under it, per bucket): what a
     * reservation that crashed half-way, or was overtaken by a newer attempt, left behind. Each release is conditional
     * on the bucket being exactly as it was read ({@code _v}), so running this twice, or concurrently, or while the
     * reference is still reserving, never gives back more than the reference holds.
     */
    public void releaseLeftovers(String reference) {
        String tenant = Callers.current().tenantId();
        List<String> ids = new ArrayList<>();
        buckets.find(new Document("tenantId", tenant).append("movements.reference", reference))
                .projection(new Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
        for (String id : ids) {
            for (int attempt = 0; attempt < 20; attempt++) {
                Document bucket = buckets.find(new Document("_id", id).append("tenantId", tenant)).first();
                int held = bucket == null ? 0 : heldUnder(bucket, reference);
                if (held <= 0) {
                    break;
                }
                long version = bucket.get("_v", Number.class).longValue();
                Document filter = new Document("_id", id).append("tenantId", tenant).append("_v", version)
                        .append("reserved", new Document("$gte", held));
                Document update = new Document("$inc", new Document("available", held).append("reserved", -held).append("_v", 1L))
                        .append("$push", new Document("movements", movement("release:" + reference + ":" + id + ":left:" + version,
                                "RELEASE", held, reference, "left by an unfinished reservation")));
                if (buckets.updateOne(filter, update).getModifiedCount() == 1) {
                    recheck(bucket.getString("locationId"), bucket.getString("sku"));
                    break;
                }
            }
        }
    }

    /** What a reference holds in a bucket: what it reserved minus what was released or consumed under it. */
    static int heldUnder(Document bucket, String reference) {
        int held = 0;
        for (Document m : bucket.getList("movements", Document.class, List.of())) {
            if (!reference.equals(m.getString("reference"))) {
                continue;
            }
            int quantity = m.get("quantity", Number.class).intValue();
            if ("RESERVE".equals(m.getString("type"))) {
                held += quantity;
            } else if ("RELEASE".equals(m.getString("type")) || "CONSUME".equals(m.getString("type"))) {
                held -= quantity;
            }
        }
        return held;
    }

    /** Uses reserved stock in a case. */
    public boolean consumeReserved(String reference, Allocation a, int quantity) {
        return guarded(a.bucketId(), new Document("reserved", new Document("$gte", quantity)),
                new Document("reserved", -quantity).append("onHand", -quantity),
                movement("consume:" + reference + ":" + a.bucketId(), "CONSUME", quantity, reference, null), false) != null;
    }

    /** Uses or writes off stock that was not reserved: refused (false) when not that much is available. */
    public boolean take(String movementId, String type, String bucketId, int quantity, String reference, String reason) {
        return guarded(bucketId, new Document("available", new Document("$gte", quantity)),
                new Document("available", -quantity).append("onHand", -quantity), movement(movementId, type, quantity, reference, reason),
                true) != null;
    }

    /** A counted correction; never below what is reserved. */
    public boolean adjust(String movementId, String bucketId, int delta, String reason) {
        Document guard = delta < 0 ? new Document("available", new Document("$gte", -delta)) : new Document();
        return guarded(bucketId, guard, new Document("available", delta).append("onHand", delta),
                movement(movementId, "ADJUST", delta, null, reason), true) != null;
    }

    /** Moves a serial-numbered unit to another clinic (it is its own bucket); refused when it is reserved or gone. */
    public boolean relocateSerial(String movementId, String bucketId, String toLocation, String toPlace, String reference) {
        Document filter = new Document("_id", bucketId).append("tenantId", Callers.current().tenantId()).append("available", 1)
                .append("movements.movementId", new Document("$ne", movementId));
        Document before = buckets.findOneAndUpdate(filter, new Document("$set", new Document("locationId", toLocation).append("place", toPlace))
                .append("$inc", new Document("_v", 1L))
                .append("$push", new Document("movements", movement(movementId, "TRANSFER_IN", 0, reference, "moved to " + toLocation))),
                new FindOneAndUpdateOptions().projection(new Document("locationId", 1).append("sku", 1)));
        if (before != null) {
            recheck(before.getString("locationId"), before.getString("sku"));
            recheck(toLocation, before.getString("sku"));
            return true;
        }
        return hasMovement(bucketId, movementId);
    }

    /** Quarantines a lot (recall): it stays on hand but can no longer be reserved. */
    public long quarantine(String sku, String lot) {
        Document scope = new Document("tenantId", Callers.current().tenantId()).append("sku", sku).append("lot", lot);
        Set<String> locations = new HashSet<>();
        buckets.find(scope).projection(new Document("locationId", 1)).forEach(d -> locations.add(d.getString("locationId")));
        long changed = buckets.updateMany(scope, new Document("$set", new Document("quarantined", true)).append("$inc", new Document("_v", 1L)))
                .getModifiedCount();
        locations.forEach(location -> recheck(location, sku));
        return changed;
    }

    /**
     * Quarantines one expired bucket (the expiry sweep): on hand until written off, never reservable. Conditional on
     * it not being quarantined yet, so replicas sweeping together record it once.
     */
    boolean quarantineExpired(String bucketId, LocalDate today) {
        Document filter = new Document("_id", bucketId).append("tenantId", Callers.current().tenantId()).append("quarantined", false);
        Document before = buckets.findOneAndUpdate(filter, new Document("$set", new Document("quarantined", true))
                        .append("$inc", new Document("_v", 1L))
                        .append("$push", new Document("movements", movement("quarantine:expired:" + bucketId, "QUARANTINE", 0, null,
                                "expired on " + today))),
                new FindOneAndUpdateOptions().projection(new Document("locationId", 1).append("sku", 1)));
        if (before == null) {
            return false;
        }
        recheck(before.getString("locationId"), before.getString("sku"));
        return true;
    }

    /**
     * Compares what an item has available at a clinic with its reorder point (the alert is published once per
     * crossing). The movement that led here is recorded already: a failure here is logged, never undoes it.
     */
    void recheck(String locationId, String sku) {
        if (locationId == null || sku == null) {
            return;
        }
        try {
            reorderPoints.check(locationId, sku, () -> available(locationId, sku, LocalDate.now(clock)));
        } catch (RuntimeException e) {
            log.warn("Reorder point check failed: {}", e.getClass().getSimpleName());
        }
    }

    public List<StockBucket> usable(String locationId, String sku, LocalDate neededOn) {
        String notExpired = neededOn == null ? null : neededOn.toString();
        return reads.find(Criteria.where("locationId").is(locationId).and("sku").is(sku).and("quarantined").is(false)
                        .and("available").gt(0), Sort.by("_id"), 1000).stream()
                .filter(b -> b.expiresOn() == null || notExpired == null || b.expiresOn().compareTo(notExpired) > 0)
                .sorted(Comparator.comparing((StockBucket b) -> b.expiresOn() == null ? "9999-12-31" : b.expiresOn()).thenComparing(StockBucket::id))
                .toList();
    }

    public List<StockBucket> at(String locationId, String sku) {
        Criteria criteria = Criteria.where("locationId").is(locationId);
        if (sku != null) {
            criteria = criteria.and("sku").is(sku);
        }
        return reads.find(criteria, Sort.by("sku", "expiresOn", "_id"), 5000);
    }

    public Optional<StockBucket> find(String bucketId) {
        return reads.find(bucketId).map(v -> v.value());
    }

    public int available(String locationId, String sku, LocalDate neededOn) {
        return usable(locationId, sku, neededOn).stream().mapToInt(StockBucket::available).sum();
    }

    /**
     * One conditional movement. Returns the bucket's clinic and item when the movement is recorded (now or by an
     * earlier try), null when the guard refused it; {@code recheck} compares the item with its reorder point after.
     */
    private Document guarded(String bucketId, Document guard, Document increments, Document movement, boolean recheck) {
        Document filter = new Document("_id", bucketId).append("tenantId", Callers.current().tenantId())
                .append("movements.movementId", new Document("$ne", movement.getString("movementId")));
        filter.putAll(guard);
        Document before = buckets.findOneAndUpdate(filter, new Document("$inc", increments.append("_v", 1L))
                .append("$push", new Document("movements", movement)),
                new FindOneAndUpdateOptions().projection(new Document("locationId", 1).append("sku", 1)));
        if (before != null) {
            if (recheck) {
                recheck(before.getString("locationId"), before.getString("sku"));
            }
            return before;
        }
        return hasMovement(bucketId, movement.getString("movementId")) ? new Document() : null;
    }

    private boolean hasMovement(String bucketId, String movementId) {
        return buckets.countDocuments(new Document("_id", bucketId).append("movements.movementId", movementId)) > 0;
    }

    private StockBucket bucket(String id) {
        return reads.get(id).value();
    }

    private Document movement(String id, String type, int quantity, String reference, String reason) {
        return new Document("movementId", id).append("type", type).append("quantity", quantity).append("at", Date.from(clock.instant()))
                .append("reference", reference).append("reason", reason).append("by", Callers.current().userId());
    }

    private static Document identity(String tenant, String id, String locationId, String place, String sku, String lot,
                                      String serial, String expiresOn) {
        return new Document("_id", id).append("tenantId", tenant).append("locationId", locationId).append("place", place)
                .append("sku", sku).append("lot", lot).append("serial", serial).append("expiresOn", expiresOn).append("quarantined", false);
    }

    private static Allocation merge(List<Allocation> taken, Allocation allocation) {
        return allocation;
    }

    private static List<Allocation> compact(List<Allocation> taken) {
        Map<String, Allocation> byBucket = new java.util.LinkedHashMap<>();
        for (Allocation a : taken) {
            byBucket.merge(a.bucketId(), a, (x, y) -> new Allocation(x.bucketId(), x.sku(), x.lot(), x.serial(), x.expiresOn(),
                    x.quantity() + y.quantity()));
        }
        return List.copyOf(byBucket.values());
    }
}
