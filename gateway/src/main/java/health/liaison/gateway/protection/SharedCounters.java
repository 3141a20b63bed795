package health.liaison.gateway.protection;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * Rate-limit counters every gateway replica shares: one MongoDB document per practice group and window holding the
 * group's count and each of its users' counts, e.g.
 * {@code {_id: "tenant:aurora@1767225600000", count: 170, users: {"8f2c…": 17, …}, expiresAt: …}}. Each claim is
 * one atomic {@code findAndModify} that increments both the group's and the user's count by a batch of requests
 * ({@code $inc} with upsert; {@link LocalAllowances} decides the batch and what of it is granted) and answers just
 * those two numbers, so concurrent replicas never lose an increment and never need a lock. A TTL index removes windows once they
 * are over. A window's document grows by one small field per distinct user of that group in that window.
 */
@Component
class SharedCounters {

    static final String COLLECTION = "rate_limit_windows";
    private static final Logger log = LoggerFactory.getLogger(SharedCounters.class);
    private static final int DUPLICATE_KEY = 11000;

    private final Mono<MongoCollection<Document>> collection;

    SharedCounters(ReactiveMongoDatabaseFactory mongo) {
        // the driver's collection directly: no mapping layer or transaction lookup on the path of every request
        this.collection = mongo.getMongoDatabase().map(database -> database.getCollection(COLLECTION)).cache();
    }

    /** Both counts of one request, including it. */
    record Counts(long user, long tenant) {
    }

    /** Counts {@code requests} more requests of {@code user} of practice group {@code tenant} in the window. */
    Mono<Counts> increment(String tenant, String user, FixedWindow window, int requests) {
        String userField = "users." + fieldName(user);
        Bson counter = new Document("_id", window.counterKey("tenant:" + tenant));
        Bson plusOne = new Document("$inc", new Document("count", (long) requests).append(userField, (long) requests))
                // kept a window past its end so a slow replica's late increment still lands on a live document
                .append("$setOnInsert", new Document("expiresAt",
                        Date.from(window.end().plus(Duration.between(window.start(), window.end())))));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)
                .projection(Projections.include("count", userField));
        return collection.flatMap(counters -> Mono.from(counters.findOneAndUpdate(counter, plusOne, options)))
                // two replicas creating the same new window at once: one insert loses and simply increments again
                .retryWhen(Retry.max(1).filter(SharedCounters::isDuplicateKey))
                .map(document -> new Counts(count(document.get("users", Document.class), fieldName(user)), count(document, "count")));
    }

    private static long count(Document document, String field) {
        Object value = document == null ? null : document.get(field);
        return value instanceof Number number ? number.longValue() : 0;
    }

    /**
     * A user id as a field name MongoDB accepts: no {@code .} (a path), no leading {@code $}, not empty; {@code %},
     * {@code .}, {@code $} and NUL are escaped as {@code %XX}, so distinct ids stay distinct.
     */
    static String fieldName(String user) {
        if (user.isEmpty()) {
            return "%";
        }
        StringBuilder name = null;
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean escape = c == '%' || c == '.' || c == '$' || c == 0;
            if (escape && name == null) {
                name = new StringBuilder(user.length() + 8).append(user, 0, i);
            }
            if (escape) {
                name.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (name != null) {
                name.append(c);
            }
        }
        return name == null ? user : name.toString();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write && write.getError().getCode() == DUPLICATE_KEY
                || failure instanceof MongoCommandException command && command.getErrorCode() == DUPLICATE_KEY;
    }

    @EventListener(ApplicationReadyEvent.class)
    void expireFinishedWindows() {
        collection.flatMap(counters -> Mono.from(counters.createIndex(Indexes.ascending("expiresAt"),
                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expiresAt_ttl"))))
                .subscribe(name -> log.debug("Rate-limit window TTL index {} ready", name),
                        failure -> log.warn("Could not create the rate-limit window TTL index: {}", failure.getClass().getName()));
    }
}
