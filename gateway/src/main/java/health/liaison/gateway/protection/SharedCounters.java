package health.liaison.gateway.protection;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.Date;

/**
 * Rate-limit counters every gateway replica shares, one MongoDB document per subject and window, e.g.
 * {@code {_id: "user:aurora:8f2c…@1767225600000", count: 17, expiresAt: …}}. Each request is one atomic
 * {@code findAndModify} with {@code $inc} and upsert, so concurrent replicas never lose an increment and never
 * need a lock; a TTL index removes windows once they are over.
 */
@Component
class SharedCounters {

    static final String COLLECTION = "rate_limit_windows";
    private static final Logger log = LoggerFactory.getLogger(SharedCounters.class);

    private final ReactiveMongoTemplate mongo;

    SharedCounters(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Counts one more request in the window and answers the count including it. */
    Mono<Long> increment(String subject, FixedWindow window) {
        Query counter = Query.query(Criteria.where("_id").is(window.counterKey(subject)));
        Update plusOne = new Update().inc("count", 1L)
                // kept a window past its end so a slow replica's late increment still lands on a live document
                .setOnInsert("expiresAt", Date.from(window.end().plus(Duration.between(window.start(), window.end()))));
        return mongo.findAndModify(counter, plusOne, FindAndModifyOptions.options().upsert(true).returnNew(true),
                        Document.class, COLLECTION)
                // two replicas creating the same new window at once: one insert loses and simply increments again
                .retryWhen(Retry.max(1).filter(DuplicateKeyException.class::isInstance))
                .map(document -> ((Number) document.get("count")).longValue());
    }

    @EventListener(ApplicationReadyEvent.class)
    void expireFinishedWindows() {
        mongo.indexOps(COLLECTION)
                .createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO).named("expiresAt_ttl"))
                .subscribe(name -> log.debug("Rate-limit window TTL index {} ready", name),
                        failure -> log.warn("Could not create the rate-limit window TTL index: {}", failure.getClass().getName()));
    }
}
