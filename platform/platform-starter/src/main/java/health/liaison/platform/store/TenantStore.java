package health.liaison.platform.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.result.UpdateResult;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.outbox.EventStamper;
import health.liaison.platform.outbox.OutboxFields;
import health.liaison.platform.outbox.OutboxRelay;
import health.liaison.platform.outbox.PendingEvent;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The only way services read and write their aggregates. Every query is scoped to the caller's practice group
 * (there is no method that takes a tenant id, so an unscoped query cannot be written by accident); every write is
 * one atomic single-document operation that stores the new state, bumps the version the ETag names and appends
 * the events it caused to the document's outbox. Nothing here needs a multi-document transaction.
 */
public class TenantStore<T> {

    private final MongoTemplate mongo;
    private final Class<T> type;
    private final String collection;
    private final EventStamper stamper;
    private final OutboxRelay relay;
    private final String entityName;

    /** Whether ids are the practice's own names, stored as {@code <tenant>|<id>} (see {@link TenantStores#ofNamed}). */
    private final boolean named;

    TenantStore(MongoTemplate mongo, Class<T> type, String collection, String entityName, EventStamper stamper, OutboxRelay relay) {
        this(mongo, type, collection, entityName, stamper, relay, false);
    }

    TenantStore(MongoTemplate mongo, Class<T> type, String collection, String entityName, EventStamper stamper, OutboxRelay relay,
                boolean named) {
        this.named = named;
        this.mongo = mongo;
        this.type = type;
        this.collection = collection;
        this.entityName = entityName;
        this.stamper = stamper;
        this.relay = relay;
    }

    public String collection() {
        return collection;
    }

    /**
     * Stores a new aggregate with the events its creation caused.
     *
     * @throws DuplicateKeyException when the id (or a unique index) is taken
     */
    public Versioned<T> insert(T aggregate, List<? extends DomainEvent> events, String locationId) {
        Document doc = toDocument(aggregate);
        if (named) {
            doc.put("_id", stored(String.valueOf(doc.get("_id"))));
        }
        doc.put(OutboxFields.TENANT, tenant());
        doc.put(OutboxFields.VERSION, 1L);
        doc.put(OutboxFields.PENDING, stamp(events, locationId));
        try {
            mongo.getCollection(collection).insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DuplicateKeyException("A " + entityName + " with this id or unique key exists", e);
            }
            throw e;
        }
        nudgeIf(events);
        return new Versioned<>(aggregate, 1L);
    }

    /**
     * Replaces the aggregate's state if it is still at {@code expectedVersion}, appending the events the change
     * caused. A concurrent change in between gives 412, an unknown id (or another group's) 404.
     */
    public Versioned<T> update(String id, long expectedVersion, T aggregate, List<? extends DomainEvent> events, String locationId) {
        Document doc = toDocument(aggregate);
        doc.remove("_id");
        Update update = new Update();
        doc.forEach(update::set);
        for (String field : mappedFields()) {
            if (!doc.containsKey(field) && !field.equals("_id")) {
                update.unset(field);
            }
        }
        update.inc(OutboxFields.VERSION, 1L);
        List<Document> pending = stamp(events, locationId);
        if (!pending.isEmpty()) {
            update.push(OutboxFields.PENDING).each(pending.toArray());
        }
        Query current = scoped(Criteria.where("_id").is(stored(id)).and(OutboxFields.VERSION).is(expectedVersion));
        UpdateResult result = mongo.updateFirst(current, update, collection);
        if (result.getMatchedCount() == 0) {
            if (find(id).isPresent()) {
                throw ApiProblem.preconditionFailed("This " + entityName + " was changed by someone else since you read it. "
                        + "Read it again and reapply your change.");
            }
            throw ApiProblem.notFound(entityName);
        }
        nudgeIf(events);
        return new Versioned<>(aggregate, expectedVersion + 1);
    }

    /**
     * Reads, changes and writes back with optimistic concurrency, retrying when another writer got in between:
     * for changes that do not depend on what a user saw (event handlers, timers).
     */
    public Versioned<T> modify(String id, Function<T, Change<T>> change) {
        for (int attempt = 0; ; attempt++) {
            Versioned<T> current = find(id).orElseThrow(() -> ApiProblem.notFound(entityName));
            Change<T> next = change.apply(current.value());
            try {
                return update(id, current.version(), next.aggregate(), next.events(), next.locationId());
            } catch (ApiProblem stale) {
                if (stale.status().value() != 412 || attempt >= 20) {
                    throw stale;
                }
            }
        }
    }

    /**
     * Sets {@code field} to {@code to} on every document of the caller's group where it is {@code from} (e.g. a
     * merged patient id), bumping each one's version so an ETag read before is stale; no events, and events already
     * in a document's outbox stay as they were. Each document changes in its own write and is no longer matched once
     * changed, so a retry after a crash half-way finishes the rest and a repeat changes nothing.
     *
     * @return how many documents changed
     */
    public long reassign(String field, Object from, Object to) {
        Update update = new Update().set(field, to).inc(OutboxFields.VERSION, 1L);
        return mongo.updateMulti(scoped(Criteria.where(field).is(from)), update, collection).getModifiedCount();
    }

    /** Removes one document of the caller's group; {@code false} when there is none (another group's neither). */
    public boolean delete(String id) {
        return mongo.remove(scoped(Criteria.where("_id").is(stored(id))), collection).getDeletedCount() > 0;
    }

    public Optional<Versioned<T>> find(String id) {
        return findOne(Criteria.where("_id").is(stored(id)));
    }

    public Versioned<T> get(String id) {
        return find(id).orElseThrow(() -> ApiProblem.notFound(entityName));
    }

    public Optional<Versioned<T>> findOne(Criteria criteria) {
        Document doc = mongo.findOne(scoped(criteria), Document.class, collection);
        return Optional.ofNullable(doc).map(this::fromDocument);
    }

    public List<T> find(Criteria criteria, Sort sort, int limit) {
        Query query = scoped(criteria).with(sort).limit(limit);
        List<T> result = new ArrayList<>();
        for (Document doc : mongo.find(query, Document.class, collection)) {
            result.add(fromDocument(doc).value());
        }
        return result;
    }

    /**
     * One page of the caller's group's documents matching {@code criteria}, with the total, in {@code sort} order;
     * {@code _id} breaks ties, so consecutive pages neither repeat nor lose an item while nothing changes.
     */
    public Page<T> page(Criteria criteria, Sort sort, Paging paging) {
        Query query = scoped(criteria).with(sort.and(Sort.by("_id"))).skip(paging.offset()).limit(paging.size());
        List<T> items = new ArrayList<>();
        for (Document doc : mongo.find(query, Document.class, collection)) {
            items.add(fromDocument(doc).value());
        }
        return Page.of(items, paging, count(criteria));
    }

    public long count(Criteria criteria) {
        return mongo.count(scoped(criteria), collection);
    }

    private Query scoped(Criteria criteria) {
        return Query.query(new Criteria().andOperator(Criteria.where(OutboxFields.TENANT).is(tenant()), criteria));
    }

    private String tenant() {
        return Callers.current().tenantId();
    }

    private Document toDocument(T aggregate) {
        Document doc = new Document();
        mongo.getConverter().write(aggregate, doc);
        doc.remove("_class");
        return doc;
    }

    /** The stored _id of an id: the id itself, or {@code <tenant>|<id>} in a store of the practice's own names. */
    private String stored(String id) {
        return named ? tenant() + "|" + id : id;
    }

    private Versioned<T> fromDocument(Document doc) {
        if (named && doc.get("_id") instanceof String key && key.indexOf('|') >= 0) {
            doc.put("_id", key.substring(key.indexOf('|') + 1));
        }
        Number version = doc.get(OutboxFields.VERSION, Number.class);
        return new Versioned<>(mongo.getConverter().read(type, doc), version == null ? 0 : version.longValue());
    }

    private List<String> mappedFields() {
        MongoConverter converter = mongo.getConverter();
        MongoPersistentEntity<?> entity = converter.getMappingContext().getRequiredPersistentEntity(type);
        List<String> fields = new ArrayList<>();
        for (MongoPersistentProperty property : entity) {
            fields.add(property.getFieldName());
        }
        return fields;
    }

    private List<Document> stamp(List<? extends DomainEvent> events, String locationId) {
        List<Document> docs = new ArrayList<>();
        for (DomainEvent event : events) {
            PendingEvent pending = stamper.stamp(event, locationId);
            docs.add(pending.toDocument());
        }
        return docs;
    }

    private void nudgeIf(List<? extends DomainEvent> events) {
        if (!events.isEmpty()) {
            relay.nudge();
        }
    }

    /** A new state and the events the change caused. */
    public record Change<T>(T aggregate, List<? extends DomainEvent> events, String locationId) {

        public static <T> Change<T> of(T aggregate, List<? extends DomainEvent> events, String locationId) {
            return new Change<>(aggregate, events, locationId);
        }

        public static <T> Change<T> quietly(T aggregate) {
            return new Change<>(aggregate, List.of(), null);
        }
    }
}
