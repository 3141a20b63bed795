package health.liaison.inventory.stock;

import com.mongodb.client.MongoCollection;
import health.liaison.platform.store.LeasedMigration;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the movements earlier versions embedded in each stock bucket ({@code movements}, appended with {@code $push})
 * into {@link StockMovements}, at start-up and before anything reserves. Several replicas may start at once: each
 * bucket is taken with a lease ({@link LeasedMigration}), its movements are copied as APPLIED under the ids the ledger
 * uses ({@code <bucket>|<movement id>}, so a copy made twice is there once, and a redelivered event finds the
 * movement it made before the upgrade), numbered on from the bucket's sequence number in the order they were
 * appended; then, by the lease's owner, the embedded list is removed and the sequence number set past them (if a
 * replica of the earlier version appended meanwhile, exactly the copied ones are pulled and the rest moved next). A replica that dies half-way leaves the bucket leased; after the lease another one copies it again, which
 * changes nothing already copied. Every replica waits until no bucket is left with embedded movements.
 */
class EmbeddedMovementsMigration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMovementsMigration.class);

    private final MongoCollection<Document> buckets;
    private final StockMovements movements;
    private final LeasedMigration migration;

    EmbeddedMovementsMigration(MongoTemplate mongo, StockMovements movements, String owner, Duration lease, Clock clock) {
        this.buckets = mongo.getCollection(StockLedger.COLLECTION);
        this.movements = movements;
        this.migration = new LeasedMigration(buckets, new Document("movements", new Document("$exists", true)), owner, lease, clock);
    }

    /** @return how many buckets this replica moved the movements out of (others may have moved the rest) */
    int migrate() {
        int moved = migration.drain(this::move);
        if (moved > 0) {
            log.info("Moved the movements of {} stock buckets to their own collection", moved);
        }
        return moved;
    }

    private void move(Document bucket) {
        String bucketId = bucket.getString("_id");
        Number seqField = bucket.get("seq", Number.class);
        long seq = seqField == null ? 0 : seqField.longValue();
        List<Document> copies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Document m : bucket.getList("movements", Document.class, List.of())) {
            String movementId = m.getString("movementId");
            if (movementId == null) {
                continue;
            }
            ids.add(movementId);
            copies.add(new Document("_id", StockMovements.id(bucketId, movementId)).append("movementId", movementId)
                    .append("bucketId", bucketId).append("tenantId", bucket.getString("tenantId")).append("type", m.getString("type"))
                    .append("quantity", m.get("quantity")).append("reference", m.getString("reference")).append("reason", m.getString("reason"))
                    .append("at", m.get("at")).append("by", m.getString("by")).append("state", StockMovements.APPLIED)
                    .append("seq", seq + copies.size() + 1));
        }
        movements.insertDecided(copies);
        List<Document> embedded = bucket.getList("movements", Document.class, List.of());
        Document moveOn = new Document("$set", new Document("seq", seq + copies.size()));
        Document unchanged = migration.owned(bucketId).append("movements", new Document("$size", embedded.size()));
        if (buckets.findOneAndUpdate(unchanged, new Document(moveOn).append("$unset", new Document("movements", "")
                .append(LeasedMigration.LEASE, "")), StockLedger.ID_ONLY) == null) {
            // a replica of the earlier version appended meanwhile: what was copied is pulled, the rest is taken again
            buckets.findOneAndUpdate(migration.owned(bucketId), new Document(moveOn)
                    .append("$pull", new Document("movements", new Document("movementId", new Document("$in", ids))))
                    .append("$unset", new Document(LeasedMigration.LEASE, "")), StockLedger.ID_ONLY);
        }
    }
}
