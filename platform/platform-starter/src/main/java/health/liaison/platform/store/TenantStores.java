package health.liaison.platform.store;

import health.liaison.platform.outbox.EventStamper;
import health.liaison.platform.outbox.OutboxFields;
import health.liaison.platform.outbox.OutboxRelay;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/** Makes {@link TenantStore}s and registers their collections with the outbox relay. */
public class TenantStores {

    private final MongoTemplate mongo;
    private final EventStamper stamper;
    private final OutboxRelay relay;

    public TenantStores(MongoTemplate mongo, EventStamper stamper, OutboxRelay relay) {
        this.mongo = mongo;
        this.stamper = stamper;
        this.relay = relay;
    }

    /**
     * @param entityName what the coordinator calls it ("patient", "appointment"): used in problem details
     */
    public <T> TenantStore<T> of(Class<T> type, String collection, String entityName) {
        mongo.indexOps(collection).createIndex(new Index().on(OutboxFields.TENANT, Sort.Direction.ASC).named("tenant"));
        indexPendingEvents(collection);
        relay.watch(collection);
        return new TenantStore<>(mongo, type, collection, entityName, stamper, relay);
    }

    /**
     * A store of things the practice names itself (a provider "dr-reyes", an appointment type "consultation"): the id
     * is unique within the practice group, not across the platform, so two groups may both have a "consultation" and
     * neither can learn that the other has one. Stored under {@code <tenant>|<id>}; the API and the aggregate only
     * ever see the id.
     */
    public <T> TenantStore<T> ofNamed(Class<T> type, String collection, String entityName) {
        mongo.indexOps(collection).createIndex(new Index().on(OutboxFields.TENANT, Sort.Direction.ASC).named("tenant"));
        indexPendingEvents(collection);
        relay.watch(collection);
        renameBareIds(collection);
        return new TenantStore<>(mongo, type, collection, entityName, stamper, relay, true);
    }

    /**
     * The relay's work list: only documents with pending events are in this index (partial on an event id in {@code _outbox}
     * existing, which the relay's claim query states), keyed by their lease's expiry, so finding work never scans
     * the collection however many documents have published everything.
     */
    private void indexPendingEvents(String collection) {
        mongo.getCollection(collection).createIndex(new org.bson.Document(OutboxFields.LEASE + ".until", 1),
                new com.mongodb.client.model.IndexOptions().name("outbox_pending").partialFilterExpression(
                        new org.bson.Document(OutboxFields.PENDING + ".id", new org.bson.Document("$exists", true))));
    }

    /**
     * Documents stored before their store kept the practice's names per group still have the bare name as _id: each
     * is copied under {@code <tenant>|<id>} and then removed, one document at a time, so a restart half-way finishes it.
     */
    private void renameBareIds(String collection) {
        renameStoredIds(collection, old -> old.get("_id") instanceof String id && !id.contains("|")
                ? new org.bson.Document(old).append("_id", old.getString(OutboxFields.TENANT) + "|" + id) : null);
    }

    /**
     * Moves documents stored under an id of an earlier scheme to the current one, at start-up: for each document of
     * the collection for which {@code renamed} gives a new document (with its new {@code _id}; null leaves it alone),
     * the new one is inserted and then the old one deleted, one document at a time, so a restart half-way, or several
     * replicas starting at once (the second insert is a duplicate key, ignored), finish it.
     */
    public void renameStoredIds(String collection, java.util.function.UnaryOperator<org.bson.Document> renamed) {
        var documents = mongo.getCollection(collection);
        for (org.bson.Document old : documents.find(new org.bson.Document(OutboxFields.TENANT, new org.bson.Document("$exists", true)))) {
            org.bson.Document copy = renamed.apply(old);
            if (copy == null || copy.get("_id").equals(old.get("_id"))) {
                continue;
            }
            try {
                documents.insertOne(copy);
            } catch (com.mongodb.MongoWriteException alreadyCopied) {
                if (alreadyCopied.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw alreadyCopied;
                }
            }
            documents.deleteOne(new org.bson.Document("_id", old.get("_id")));
        }
    }

    public MongoTemplate mongo() {
        return mongo;
    }
}
