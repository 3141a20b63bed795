package health.liaison.insights.facts;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * The insights read models: one fact document per aggregate (visit, inquiry, quote, ...) under {@code <tenant>|<id>},
 * written only by single-document upserts whose outcome does not depend on the order or number of the events that
 * cause them: the first time of a step ({@code $min}), values every event of the aggregate agrees on
 * ({@code $setOnInsert} / {@code $set}), and values that change over time stamped with the event's time and replaced
 * only by a newer one. The tenant is always the current caller's (the event's practice group), never a parameter.
 */
@Component
public class FactStore {

    public static final String TENANT = "tenantId";

    private final MongoTemplate mongo;

    public FactStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Applies {@code facts} to the aggregate's document, creating it if needed. */
    public void record(String collection, String aggregateId, Consumer<Facts> facts) {
        Facts write = new Facts();
        facts.accept(write);
        upsert(collection, Filters.eq("_id", key(aggregateId)), write, false);
    }

    /**
     * Applies {@code facts} only if {@code stampField} is older than {@code stamp} (or absent): the latest definition
     * wins whatever the order of arrival. The stamp is written with the facts.
     */
    public void recordIfNewer(String collection, String aggregateId, String stampField, Instant stamp, Consumer<Facts> facts) {
        Facts write = new Facts();
        facts.accept(write);
        write.set(stampField, stamp);
        Bson filter = Filters.and(Filters.eq("_id", key(aggregateId)),
                Filters.or(Filters.exists(stampField, false), Filters.lt(stampField, Date.from(stamp))));
        upsert(collection, filter, write, true);
    }

    /** The current practice group's documents of {@code collection} that match {@code filter}. */
    public List<Document> find(String collection, Bson filter) {
        return mongo.getCollection(collection).find(Filters.and(Filters.eq(TENANT, tenant()), filter)).into(new ArrayList<>());
    }

    private void upsert(String collection, Bson filter, Facts write, boolean newerOnly) {
        Document update = write.toUpdate(tenant());
        for (int attempt = 0; ; attempt++) {
            try {
                mongo.getCollection(collection).updateOne(filter, update, new UpdateOptions().upsert(true));
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // a concurrent first write created the document: try once more as an update; for a stamped write a
                // second duplicate means the stored stamp is newer, which is the outcome wanted
                if (attempt >= 1) {
                    if (newerOnly) {
                        return;
                    }
                    throw e;
                }
            }
        }
    }

    private static String tenant() {
        return Callers.current().tenantId();
    }

    private static String key(String aggregateId) {
        return tenant() + "|" + aggregateId;
    }

    /** One fact document's changes, built by an event handler. */
    public static final class Facts {
        private final Document set = new Document();
        private final Document setOnInsert = new Document();
        private final Document min = new Document();
        private final Document addToSet = new Document();

        /** A value every event agrees on, or one this write owns. */
        public Facts set(String field, Object value) {
            if (value != null) {
                set.put(field, value(value));
            }
            return this;
        }

        /** A value kept from the first write that names it (a later stamped write may still replace it). */
        public Facts initially(String field, Object value) {
            if (value != null) {
                setOnInsert.put(field, value(value));
            }
            return this;
        }

        /** The earliest time a step happened. */
        public Facts earliest(String field, Instant at) {
            if (at != null) {
                min.put(field, Date.from(at));
            }
            return this;
        }

        public Facts addAll(String field, Collection<?> values) {
            if (values != null && !values.isEmpty()) {
                addToSet.put(field, new Document("$each", new ArrayList<>(values)));
            }
            return this;
        }

        Document toUpdate(String tenant) {
            set.put(TENANT, tenant);
            for (String field : set.keySet()) {
                setOnInsert.remove(field);
            }
            Document update = new Document("$set", set);
            if (!setOnInsert.isEmpty()) {
                update.append("$setOnInsert", setOnInsert);
            }
            if (!min.isEmpty()) {
                update.append("$min", min);
            }
            if (!addToSet.isEmpty()) {
                update.append("$addToSet", addToSet);
            }
            return update;
        }

        private static Object value(Object value) {
            return value instanceof Instant instant ? Date.from(instant) : value;
        }
    }
}
