package health.liaison.inventory.stock;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The movements of every stock bucket, one document per movement, append-only, in their own collection (a busy
 * bucket no longer grows toward MongoDB's document limit). The id is {@code <bucket>|<movement id>}, and the
 * movement id is derived from its cause (a case's attempt, a receipt's Idempotency-Key, a transfer), so a retry or
 * a redelivered event finds the movement it recorded before. A movement is {@code PENDING} until its bucket has
 * decided it ({@code APPLIED} or {@code REFUSED}, with the bucket's sequence number {@code seq}); see
 * {@link StockLedger} for the order of writes.
 */
@Component
class StockMovements {

    static final String COLLECTION = "stock_movements";
    static final String PENDING = "PENDING";
    static final String APPLIED = "APPLIED";
    static final String REFUSED = "REFUSED";

    private final MongoCollection<Document> movements;

    StockMovements(MongoTemplate mongo) {
        this.movements = mongo.getCollection(COLLECTION);
        // a bucket's history, newest first
        movements.createIndex(new Document("bucketId", 1).append("state", 1).append("seq", -1), new IndexOptions().name("bucket_history"));
        // what a reference (a case's attempt) holds, wherever
        movements.createIndex(new Document("tenantId", 1).append("reference", 1).append("bucketId", 1), new IndexOptions().name("by_reference"));
        // the repair's work list: movements a crash left undecided (few, so a partial index)
        movements.createIndex(new Document("at", 1), new IndexOptions().name("undecided")
                .partialFilterExpression(new Document("state", PENDING)));
    }

    static String id(String bucketId, String movementId) {
        return bucketId + "|" + movementId;
    }

    /** Records a movement as PENDING; one recorded before under the same id (a retry) is left as it is. */
    void insertPending(Document movement) {
        try {
            movements.insertOne(new Document(movement).append("state", PENDING));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** A movement of the practice group's (by its id alone, the group checked here); null when there is none. */
    Document find(String tenant, String bucketId, String movementId) {
        Document movement = movements.find(new Document("_id", id(bucketId, movementId))).first();
        return movement != null && tenant.equals(movement.getString("tenantId")) ? movement : null;
    }

    /** Refuses a movement whose bucket does not exist (for the practice group): only a PENDING one of its own. */
    void refuseOrphan(String tenant, String bucketId, String movementId) {
        movements.findOneAndUpdate(new Document("_id", id(bucketId, movementId)).append("tenantId", tenant).append("state", PENDING),
                new Document("$set", new Document("state", REFUSED).append("seq", 0L)), StockLedger.ID_ONLY);
    }

    /**
     * Writes down what the bucket decided for a movement at its sequence number. The bucket decides a movement once
     * (see {@link StockLedger}), so every writer that writes it down writes the same outcome and number: by the id
     * alone, which every MongoDB (mongo-java-server too) serves from the _id index.
     */
    void settle(String bucketId, String movementId, String outcome, long seq) {
        movements.updateOne(new Document("_id", id(bucketId, movementId)), new Document("$set", new Document("state", outcome).append("seq", seq)));
    }

    /** The applied movements under a reference in one bucket, up to a sequence number. */
    List<Document> appliedUnder(String tenant, String reference, String bucketId, long upToSeq) {
        return movements.find(new Document("tenantId", tenant).append("reference", reference).append("bucketId", bucketId)
                .append("state", APPLIED).append("seq", new Document("$lte", upToSeq))).into(new ArrayList<>());
    }

    /** The buckets a reference has movements in (decided or not). */
    List<String> bucketsUnder(String tenant, String reference) {
        return movements.distinct("bucketId", new Document("tenantId", tenant).append("reference", reference), String.class)
                .into(new ArrayList<>());
    }

    /** The movements under a reference in one bucket that are not decided yet. */
    List<Document> undecidedUnder(String tenant, String reference, String bucketId) {
        return movements.find(new Document("tenantId", tenant).append("reference", reference).append("bucketId", bucketId)
                .append("state", PENDING)).into(new ArrayList<>());
    }

    /** A bucket's applied movements, newest first, one page. */
    Page<StockMovement> history(String tenant, String bucketId, Paging paging) {
        Document filter = new Document("bucketId", bucketId).append("state", APPLIED).append("tenantId", tenant);
        List<StockMovement> items = new ArrayList<>();
        movements.find(filter).sort(new Document("seq", -1)).skip((int) Math.min(Integer.MAX_VALUE, paging.offset())).limit(paging.size())
                .forEach(d -> items.add(view(d)));
        return Page.of(items, paging, movements.countDocuments(filter));
    }

    /** Movements still undecided that were recorded before {@code before}: what a crash left half-way. */
    List<Document> undecidedBefore(Instant before, int limit) {
        return movements.find(new Document("state", PENDING).append("at", new Document("$lt", Date.from(before))))
                .sort(new Document("at", 1)).limit(limit).into(new ArrayList<>());
    }

    /** Copies movements decided already (a migration); those copied before are left as they are. */
    void insertDecided(List<Document> decided) {
        if (decided.isEmpty()) {
            return;
        }
        try {
            movements.insertMany(decided, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            // copied before (a migration taken over after a lapsed lease): one at a time, skipping what exists
            for (Document d : decided) {
                insertPendingless(d);
            }
        }
    }

    private void insertPendingless(Document decided) {
        try {
            movements.insertOne(decided);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private static StockMovement view(Document d) {
        Date at = d.getDate("at");
        Number seq = d.get("seq", Number.class);
        Number quantity = d.get("quantity", Number.class);
        return new StockMovement(seq == null ? 0 : seq.longValue(), d.getString("movementId"), d.getString("type"),
                quantity == null ? 0 : quantity.intValue(), at == null ? null : at.toInstant(), d.getString("reference"),
                d.getString("reason"), d.getString("by"));
    }
}
