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
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The movement ledger, without transactions. A bucket document holds only counters ({@code onHand},
 * {@code reserved}, {@code available}) and a sequence number; each movement is its own document in
 * {@link StockMovements}. The order of writes:
 * <ol>
 *   <li>the movement is inserted {@code PENDING} under an id derived from its cause (a retry finds it);</li>
 *   <li>the bucket decides it with ONE conditional update at the sequence number it was read at: the guard
 *   ({@code available >= n} …) holds → counters move, {@code seq + 1}, {@code lastMovement} = this one, outcome
 *   APPLIED; the guard fails at that same sequence number → only {@code seq + 1} and outcome REFUSED; the sequence
 *   number moved on meanwhile → read again;</li>
 *   <li>the outcome is written on the movement (with its {@code seq}).</li>
 * </ol>
 * Before a writer moves a bucket on it writes down the outcome of the bucket's {@code lastMovement} (helping a writer
 * that died after step 2), so a movement still PENDING that is not the bucket's last one was never applied: retrying
 * it (a redelivered event, a repeated Idempotency-Key, {@link MovementRepair} for one left by a crash) decides it once
 * and never applies it twice. Of M concurrent reservations against N units exactly N succeed.
 */
@Component
public class StockLedger {

    static final String COLLECTION = "stock";
    private static final Logger log = LoggerFactory.getLogger(StockLedger.class);
    /** Tries of one movement against a bucket other writers keep moving on; then it is left to a retry or the repair. */
    private static final int MAX_TRIES = 200;
    /** Conditional writes go by findAndModify, which every MongoDB (and mongo-java-server) serves from the _id index. */
    static final FindOneAndUpdateOptions ID_ONLY = new FindOneAndUpdateOptions().projection(new Document("_id", 1));

    private final MongoCollection<Document> buckets;
    private final StockMovements movements;
    private final TenantStore<StockBucket> reads;
    private final Clock clock;
    private final ReorderPoints reorderPoints;

    StockLedger(MongoTemplate mongo, TenantStores stores, StockMovements movements, Clock clock, ReorderPoints reorderPoints) {
        this.buckets = mongo.getCollection(COLLECTION);
        this.movements = movements;
        this.reads = stores.of(StockBucket.class, COLLECTION, "stock");
        this.clock = clock;
        this.reorderPoints = reorderPoints;
        // buckets written by earlier versions (movements embedded) are moved out before anything reserves
        new EmbeddedMovementsMigration(mongo, movements, "replica-" + UUID.randomUUID(), Duration.ofMinutes(2), clock).migrate();
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
        Document empty = new Document("onHand", 0).append("reserved", 0).append("available", 0).append("seq", 0L)
                .append("receivedAt", Date.from(clock.instant())).append("_v", 0L);
        if (serial != null) {
            try {
                buckets.insertOne(identity(tenant, id, locationId, place, sku, lot, serial, expiresOn).append("receivedUnder", movementId)
                        .append("onHand", 0).append("reserved", 0).append("available", 0).append("seq", 0L)
                        .append("receivedAt", Date.from(clock.instant())).append("_v", 0L));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document existing = buckets.find(new Document("_id", id)).projection(new Document("receivedUnder", 1)).first();
                boolean sameReceipt = existing != null && (movementId.equals(existing.getString("receivedUnder"))
                        || movements.find(tenant, id, movementId) != null);
                if (!sameReceipt) {
                    throw ApiProblem.conflict("serial-exists", "Serial " + serial + " of " + sku + " was already received.",
                            Map.of("field", "serial"));
                }
            }
            record(id, movement(movementId, "RECEIVE", 1, reference, null),
                    MovementEffect.counters(Map.of("onHand", 1, "available", 1), Map.of()));
            recheck(locationId, sku);
            return bucket(id);
        }
        Document created = identity(tenant, id, locationId, place, sku, lot, null, expiresOn);
        created.remove("_id");
        created.putAll(empty);
        try {
            buckets.updateOne(new Document("_id", id), new Document("$setOnInsert", created), new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // created meanwhile by another receipt
        }
        record(id, movement(movementId, "RECEIVE", quantity, reference, null),
                MovementEffect.counters(Map.of("onHand", quantity, "available", quantity), Map.of()));
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
                if (record(bucket.id(), movement(movementId, "RESERVE", take, reference, null),
                        MovementEffect.counters(Map.of("available", -take, "reserved", take), Map.of("available", take)).onlyWhenReservable())
                        .applied()) {
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
            Recorded released = record(a.bucketId(), movement("release:" + reference + ":" + a.bucketId() + ":" + a.quantity(), "RELEASE",
                    a.quantity(), reference, null), MovementEffect.counters(Map.of("available", a.quantity(), "reserved", -a.quantity()),
                    Map.of("reserved", a.quantity())));
            if (recheck && released.applied()) {
                recheck(released.locationId(), released.sku());
            }
        }
    }

    /**
     * Gives back whatever is still held under {@code reference} (reserved minus released under it, per bucket): what a
     * reservation that crashed half-way, or was overtaken by a newer attempt, left behind. What is held is summed
     * from the reference's applied movements up to the bucket's sequence number as read, and the release is
     * conditional on the bucket still being at that number, so running this twice, or concurrently, or while the
     * reference is still reserving, never gives back more than the reference holds.
     */
    public void releaseLeftovers(String reference) {
        String tenant = Callers.current().tenantId();
        for (String id : movements.bucketsUnder(tenant, reference)) {
            // a movement under it still undecided (a try that stopped half-way, or one still running) is decided
            // first, so nothing under the reference can be applied after what it holds was given back
            movements.undecidedUnder(tenant, reference, id).forEach(this::finish);
            for (int attempt = 0; attempt < 20; attempt++) {
                Document bucket = buckets.find(new Document("_id", id).append("tenantId", tenant)).first();
                if (bucket == null) {
                    break;
                }
                long seq = seqOf(bucket);
                settleLast(id, bucket, seq); // every movement up to seq is decided now
                int held = heldUnder(movements.appliedUnder(tenant, reference, id, seq), reference);
                if (held <= 0) {
                    break;
                }
                Recorded released = record(id, movement("release:" + reference + ":" + id + ":left:" + seq, "RELEASE", held, reference,
                        "left by an unfinished reservation"), MovementEffect.counters(Map.of("available", held, "reserved", -held),
                        Map.of("reserved", held)).atSeq(seq));
                if (released.applied()) {
                    recheck(released.locationId(), released.sku());
                    break;
                }
            }
        }
    }

    /** What a reference holds, from its movements: what it reserved minus what was released or consumed under it. */
    static int heldUnder(List<Document> movements, String reference) {
        int held = 0;
        for (Document m : movements) {
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
        return record(a.bucketId(), movement("consume:" + reference + ":" + a.bucketId(), "CONSUME", quantity, reference, null),
                MovementEffect.counters(Map.of("reserved", -quantity, "onHand", -quantity), Map.of("reserved", quantity))).applied();
    }

    /** Uses or writes off stock that was not reserved: refused (false) when not that much is available. */
    public boolean take(String movementId, String type, String bucketId, int quantity, String reference, String reason) {
        Recorded taken = record(bucketId, movement(movementId, type, quantity, reference, reason),
                MovementEffect.counters(Map.of("available", -quantity, "onHand", -quantity), Map.of("available", quantity)));
        if (taken.applied()) {
            recheck(taken.locationId(), taken.sku());
        }
        return taken.applied();
    }

    /** A counted correction; never below what is reserved. */
    public boolean adjust(String movementId, String bucketId, int delta, String reason) {
        Recorded adjusted = record(bucketId, movement(movementId, "ADJUST", delta, null, reason),
                MovementEffect.counters(Map.of("available", delta, "onHand", delta), delta < 0 ? Map.of("available", -delta) : Map.of()));
        if (adjusted.applied()) {
            recheck(adjusted.locationId(), adjusted.sku());
        }
        return adjusted.applied();
    }

    /** Moves a serial-numbered unit to another clinic (it is its own bucket); refused when it is reserved or gone. */
    public boolean relocateSerial(String movementId, String bucketId, String toLocation, String toPlace, String reference) {
        Recorded moved = record(bucketId, movement(movementId, "TRANSFER_IN", 0, reference, "moved to " + toLocation),
                MovementEffect.counters(Map.of(), Map.of("available", 1)).setting(Map.of("locationId", toLocation, "place", toPlace)));
        if (moved.applied()) {
            recheck(moved.locationId(), moved.sku());
            recheck(toLocation, moved.sku());
        }
        return moved.applied();
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
        Recorded quarantined = record(bucketId, movement("quarantine:expired:" + bucketId, "QUARANTINE", 0, null, "expired on " + today),
                MovementEffect.counters(Map.of(), Map.of()).onlyWhenReservable().setting(Map.of("quarantined", true)));
        if (!quarantined.appliedNow()) {
            return false;
        }
        recheck(quarantined.locationId(), quarantined.sku());
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
     * A movement's outcome: applied (now, or by an earlier try: {@code appliedNow} tells), or refused by its guard;
     * with the bucket's clinic and item as they were before it.
     */
    record Recorded(boolean applied, boolean appliedNow, String locationId, String sku) {
    }

    /** Records one movement and has its bucket decide it (see the class comment for the order of writes). */
    private Recorded record(String bucketId, Document movement, MovementEffect effect) {
        movements.insertPending(movement.append("_id", StockMovements.id(bucketId, movement.getString("movementId")))
                .append("bucketId", bucketId).append("tenantId", Callers.current().tenantId()).append("effect", effect.toDocument()));
        return decide(bucketId, movement.getString("movementId"), effect);
    }

    /** Finishes a movement a crash left PENDING (the repair): decided once, as its first try would have. */
    Recorded finish(Document pending) {
        Recorded finished = decide(pending.getString("bucketId"), pending.getString("movementId"),
                MovementEffect.of(pending.get("effect", Document.class)));
        if (finished.appliedNow()) {
            recheck(finished.locationId(), finished.sku());
        }
        return finished;
    }

    private Recorded decide(String bucketId, String movementId, MovementEffect effect) {
        String tenant = Callers.current().tenantId();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            // the bucket first, then the movement: a movement applied before this read is either the bucket's last
            // one or decided on its own document already
            Document bucket = buckets.find(new Document("_id", bucketId).append("tenantId", tenant))
                    .projection(new Document("locationId", 1).append("sku", 1).append("seq", 1).append("lastMovement", 1)
                            .append("lastOutcome", 1)).first();
            if (bucket == null) {
                movements.refuseOrphan(tenant, bucketId, movementId);
                return new Recorded(false, false, null, null);
            }
            String locationId = bucket.getString("locationId");
            String sku = bucket.getString("sku");
            Document movement = movements.find(tenant, bucketId, movementId);
            if (movement == null || !StockMovements.PENDING.equals(movement.getString("state"))) {
                return new Recorded(movement != null && StockMovements.APPLIED.equals(movement.getString("state")), false, locationId, sku);
            }
            long seq = seqOf(bucket);
            if (movementId.equals(bucket.getString("lastMovement"))) {
                // decided by a try that stopped before writing it down
                String outcome = bucket.getString("lastOutcome");
                movements.settle(bucketId, movementId, outcome, seq);
                return new Recorded(StockMovements.APPLIED.equals(outcome), false, locationId, sku);
            }
            settleLast(bucketId, bucket, seq);
            Document atSeq = new Document("_id", bucketId).append("tenantId", tenant)
                    .append("seq", bucket.containsKey("seq") ? seq : new Document("$exists", false));
            if (effect.atSeq() == null || effect.atSeq() == seq) {
                Document filter = new Document(atSeq);
                filter.putAll(effect.guard());
                Document inc = new Document("seq", 1L).append("_v", 1L);
                effect.inc().forEach(inc::append);
                Document set = new Document(effect.set()).append("lastMovement", movementId).append("lastOutcome", StockMovements.APPLIED);
                if (buckets.findOneAndUpdate(filter, new Document("$inc", inc).append("$set", set), ID_ONLY) != null) {
                    movements.settle(bucketId, movementId, StockMovements.APPLIED, seq + 1);
                    return new Recorded(true, true, locationId, sku);
                }
            }
            // refused at this sequence number, unless the bucket moved on meanwhile
            if (buckets.findOneAndUpdate(atSeq, new Document("$inc", new Document("seq", 1L)).append("$set", new Document("lastMovement", movementId)
                    .append("lastOutcome", StockMovements.REFUSED)), ID_ONLY) != null) {
                movements.settle(bucketId, movementId, StockMovements.REFUSED, seq + 1);
                return new Recorded(false, false, locationId, sku);
            }
            if (attempt > 2) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(2)));
            }
        }
        throw new IllegalStateException("Stock bucket too busy; the movement is left to a retry");
    }

    /** Writes down the outcome of the bucket's last movement (a writer may have stopped before it did). */
    private void settleLast(String bucketId, Document bucket, long seq) {
        String last = bucket.getString("lastMovement");
        if (last != null) {
            movements.settle(bucketId, last, bucket.getString("lastOutcome"), seq);
        }
    }

    private static long seqOf(Document bucket) {
        Number seq = bucket.get("seq", Number.class);
        return seq == null ? 0 : seq.longValue();
    }

    /** Whether a movement is recorded in the bucket's history (applied). */
    public boolean applied(String bucketId, String movementId) {
        Document movement = movements.find(Callers.current().tenantId(), bucketId, movementId);
        return movement != null && StockMovements.APPLIED.equals(movement.getString("state"));
    }

    /** A bucket's movements, newest first (404 for an unknown bucket or another group's). */
    public Page<StockMovement> history(String bucketId, Paging paging) {
        reads.get(bucketId);
        return movements.history(Callers.current().tenantId(), bucketId, paging);
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
        Map<String, Allocation> byBucket = new LinkedHashMap<>();
        for (Allocation a : taken) {
            byBucket.merge(a.bucketId(), a, (x, y) -> new Allocation(x.bucketId(), x.sku(), x.lot(), x.serial(), x.expiresOn(),
                    x.quantity() + y.quantity()));
        }
        return List.copyOf(byBucket.values());
    }
}
