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
        relay.watch(collection);
        return new TenantStore<>(mongo, type, collection, entityName, stamper, relay);
    }

    public MongoTemplate mongo() {
        return mongo;
    }
}
