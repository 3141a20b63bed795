package health.liaison.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the events waiting in aggregate documents. With several replicas running, each claims a document
 * with one atomic findAndModify (a lease with an owner and an expiry), publishes its events in order with an
 * idempotent producer ({@code acks=all}), then removes exactly the events it sent and releases the lease. Two
 * relays therefore never publish the same event concurrently; a relay that dies after publishing and before
 * removing leaves the events to be published again when its lease expires — the only duplicate possible, which
 * consumers absorb because they are idempotent by event id.
 */
public class OutboxRelay implements SmartLifecycle {

    /** Stops before the Kafka producer and Mongo client go away, starts after them. */
    public static final int PHASE = Integer.MAX_VALUE - 1000;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Tracer tracer;
    private final Propagator propagator;
    private final String owner = UUID.randomUUID().toString();
    private final Set<String> collections = ConcurrentHashMap.newKeySet();
    private final Semaphore nudges = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private final MeterRegistry meters;
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, OutboxProperties properties,
                       Clock clock, MeterRegistry meters, Tracer tracer, Propagator propagator) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator;
        this.meters = meters;
        this.published = Counter.builder("liaison.outbox.published").description("Events published from the outbox").register(meters);
        this.failures = Counter.builder("liaison.outbox.failures").description("Outbox publish attempts that failed").register(meters);
    }

    /** Makes the relay watch a collection whose documents may carry pending events. */
    public void watch(String collection) {
        collections.add(collection);
    }

    /** The collections the relay watches (the outbox gauges read the same). */
    public Set<String> watched() {
        return Set.copyOf(collections);
    }

    /** Wakes the relay now (called after a local write); other replicas find the work on their next poll. */
    public void nudge() {
        if (nudges.availablePermits() == 0) {
            nudges.release();
        }
    }

    /**
     * Publishes what is pending in every watched collection, until nothing is left or a publish fails.
     *
     * @return how many events were published
     */
    public int relayPending() {
        int count = 0;
        for (String collection : collections) {
            int sent;
            while ((sent = relayOneDocument(collection)) > 0) {
                count += sent;
            }
        }
        return count;
    }

    private int relayOneDocument(String collection) {
        Instant now = clock.instant();
        // "an event id in _outbox" is the filter of the partial index outbox_pending (TenantStores), so it is used
        Query claimable = Query.query(Criteria.where(OutboxFields.PENDING + ".id").exists(true)
                .orOperator(Criteria.where(OutboxFields.LEASE).exists(false),
                        Criteria.where(OutboxFields.LEASE + ".until").lt(Date.from(now))));
        Update claim = new Update().set(OutboxFields.LEASE,
                new Document("owner", owner).append("until", Date.from(now.plus(properties.lease()))));
        Document claimed = mongo.findAndModify(claimable, claim, FindAndModifyOptions.options().returnNew(true),
                Document.class, collection);
        if (claimed == null) {
            return 0;
        }
        Object id = claimed.get("_id");
        List<PendingEvent> events = claimed.getList(OutboxFields.PENDING, Document.class).stream()
                .map(PendingEvent::fromDocument).toList();
        try {
            publish(events);
        } catch (RuntimeException e) {
            failures.increment();
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(OutboxFields.LEASE + ".owner").is(owner)),
                    new Update().unset(OutboxFields.LEASE), collection);
            throw e;
        }
        List<String> sentIds = events.stream().map(PendingEvent::id).toList();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().pull(OutboxFields.PENDING, new Document("id", new Document("$in", sentIds))), collection);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(OutboxFields.LEASE + ".owner").is(owner)),
                new Update().unset(OutboxFields.LEASE), collection);
        published.increment(events.size());
        // the business counters: bookings, payments, refunds... are the published facts, by wire type (no ids)
        events.forEach(event -> meters.counter("liaison.events.published", "type", event.type()).increment());
        return events.size();
    }

    private void publish(List<PendingEvent> events) {
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        for (PendingEvent event : events) {
            ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(event);
            Span span = continueTrace(event);
            try (Tracer.SpanInScope ignored = span == null ? null : tracer.withSpan(span)) {
                sends.add(kafka.send(record));
                // ids and types only: never payload data
                log.info("Publishing event {} ({}) of {} to {}", event.id(), event.type(), event.key(), event.topic());
            } finally {
                if (span != null) {
                    span.end();
                }
            }
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the events: " + e.getClass().getSimpleName(), e);
        }
    }

    private Span continueTrace(PendingEvent event) {
        if (tracer == null || propagator == null || event.traceparent() == null) {
            return null;
        }
        return propagator.extract(Map.of("traceparent", event.traceparent()), Map::get)
                .name("outbox publish " + event.topic()).start();
    }

    private void loop() {
        Duration backoff = properties.pollInterval();
        while (running) {
            try {
                relayPending();
                backoff = properties.pollInterval();
                nudges.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                nudges.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not publish ({}); retrying in {} ms. Events stay stored until Kafka acknowledges them.",
                        e.getMessage(), backoff.toMillis());
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void sleepQuietly(Duration duration) {
        try {
            nudges.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("liaison-outbox-relay").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
