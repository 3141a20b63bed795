package health.liaison.platform.messaging;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.EventJson;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.store.ExpiringIndex;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Consumes Liaison CloudEvents idempotently. Each consumer (a named reaction, e.g. "welcome-messages") records the
 * ids of events it has handled in {@code processed_events} (unique {@code _id} = consumer + event id); a
 * redelivered event is skipped. Handlers must also write idempotently (deterministic ids or conditional updates),
 * which covers the narrow window of a crash between the side effect and the record of it. The handler runs as
 * the event's tenant, so stores stay scoped. A record that is not a readable event fails with
 * {@link MalformedEventException}, which goes straight to the dead-letter topic.
 */
public class EventInbox {

    public static final String PROCESSED_COLLECTION = "processed_events";
    private static final Logger log = LoggerFactory.getLogger(EventInbox.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final MeterRegistry meters;

    public EventInbox(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this(mongo, clock, meters, Duration.ofDays(30));
    }

    /**
     * @param retention how long a handled event's id is kept (a TTL index on real MongoDB); longer than any
     *                  redelivery can come (Kafka's retention), so a late duplicate is still recognised
     */
    public EventInbox(MongoTemplate mongo, Clock clock, MeterRegistry meters, Duration retention) {
        this.mongo = mongo;
        this.clock = clock;
        this.meters = meters;
        ExpiringIndex.ensure(mongo.getDb(), PROCESSED_COLLECTION, "processedAt", retention);
    }

    /** A reaction named {@code consumer}, to which event handlers are added with {@link Reaction#on}. */
    public Reaction reaction(String consumer) {
        return new Reaction(consumer);
    }

    public final class Reaction {
        private final String consumer;
        private final Map<String, Handler<?>> handlers = new LinkedHashMap<>();

        private Reaction(String consumer) {
            this.consumer = consumer;
        }

        public <E extends DomainEvent> Reaction on(Class<E> type, Consumer<ReceivedEvent<E>> handler) {
            handlers.put(EventCatalog.typeNameOf(type), new Handler<>(type, handler));
            return this;
        }

        /** Handles one Kafka record: skipped when its type has no handler here or it was handled before. */
        public void accept(ConsumerRecord<String, byte[]> record) {
            CloudEvent event = read(record);
            Handler<?> handler = handlers.get(event.getType());
            if (handler == null) {
                return;
            }
            String processedId = consumer + "|" + event.getId();
            if (mongo.getCollection(PROCESSED_COLLECTION).countDocuments(new Document("_id", processedId)) > 0) {
                meters.counter("liaison.events.duplicates", "consumer", consumer).increment();
                log.debug("Skipping event {} already handled by {}", event.getId(), consumer);
                return;
            }
            String tenant = extension(event, CloudEventRecords.TENANT_EXTENSION);
            if (tenant == null) {
                throw new MalformedEventException("Event " + event.getId() + " carries no tenant");
            }
            handler.handle(event, tenant);
            try {
                mongo.getCollection(PROCESSED_COLLECTION).insertOne(new Document("_id", processedId)
                        .append("consumer", consumer).append("eventId", event.getId())
                        .append("type", event.getType()).append("processedAt", Date.from(clock.instant())));
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            meters.counter("liaison.events.handled", "consumer", consumer, "type", event.getType()).increment();
        }

        private record Handler<E extends DomainEvent>(Class<E> type, Consumer<ReceivedEvent<E>> handler) {
            void handle(CloudEvent event, String tenant) {
                E payload;
                try {
                    payload = EventJson.read(event.getData() == null ? new byte[0] : event.getData().toBytes(), type);
                } catch (RuntimeException e) {
                    throw new MalformedEventException("Event " + event.getId() + " of type " + event.getType()
                            + " has unreadable data", e);
                }
                Instant time = event.getTime() == null ? null : event.getTime().toInstant();
                ReceivedEvent<E> received = new ReceivedEvent<>(event.getId(), event.getType(), tenant,
                        extension(event, CloudEventRecords.LOCATION_EXTENSION), time, payload);
                Callers.runAs(Caller.system(tenant), () -> handler.accept(received));
            }
        }
    }

    private static CloudEvent read(ConsumerRecord<String, byte[]> record) {
        try {
            return KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            throw new MalformedEventException("Record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a CloudEvent", e);
        }
    }

    private static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }
}
