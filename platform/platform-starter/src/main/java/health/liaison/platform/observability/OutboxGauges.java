package health.liaison.platform.observability;

import health.liaison.platform.outbox.OutboxFields;
import health.liaison.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The outbox's backlog as gauges: {@code liaison.outbox.pending} (events saved and not yet published) and
 * {@code liaison.outbox.oldest.age} (seconds since the oldest of them was saved; 0 when none is waiting), over every
 * collection the relay watches. Read at most once per {@code refresh} however often Prometheus scrapes, and at most
 * {@link #MAX_DOCUMENTS} documents a collection (a backlog that large is alarming either way).
 */
public class OutboxGauges {

    static final int MAX_DOCUMENTS = 10_000;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Duration refresh;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile long pending;
    private volatile double oldestAgeSeconds;

    public OutboxGauges(MongoTemplate mongo, OutboxRelay relay, Clock clock, Duration refresh, MeterRegistry meters) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
        this.refresh = refresh;
        Gauge.builder("liaison.outbox.pending", this, g -> g.read().pending).description("Events in the outbox not yet published")
                .register(meters);
        Gauge.builder("liaison.outbox.oldest.age", this, g -> g.read().oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest event in the outbox not yet published").register(meters);
    }

    private synchronized OutboxGauges read() {
        Instant now = clock.instant();
        if (now.isBefore(readAt.plus(refresh))) {
            return this;
        }
        long count = 0;
        Instant oldest = null;
        for (String collection : relay.watched()) {
            for (Document document : mongo.getCollection(collection)
                    .find(new Document(OutboxFields.PENDING + ".0", new Document("$exists", true)))
                    .projection(new Document(OutboxFields.PENDING + ".time", 1)).limit(MAX_DOCUMENTS)) {
                List<Document> events = document.getList(OutboxFields.PENDING, Document.class);
                count += events.size();
                for (Document event : events) {
                    Date time = event.getDate("time");
                    if (time != null && (oldest == null || time.toInstant().isBefore(oldest))) {
                        oldest = time.toInstant();
                    }
                }
            }
        }
        pending = count;
        oldestAgeSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
        readAt = now;
        return this;
    }
}
