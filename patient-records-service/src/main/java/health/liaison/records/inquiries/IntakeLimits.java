package health.liaison.records.inquiries;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Fixed-window counters for the public web form, shared by every replica: one document per client address (hashed:
 * an address is personal data) or form and window, counted with one atomic {@code $inc} upsert, so the limit is
 * exact however many replicas take the posts. Windows expire by a TTL index.
 */
@Component
class IntakeLimits {

    static final String COLLECTION = "intake_counters";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration window;
    private final long perAddress;
    private final long perForm;

    IntakeLimits(MongoTemplate mongo, Clock clock,
                 @Value("${liaison.inquiries.web-form.window:1m}") Duration window,
                 @Value("${liaison.inquiries.web-form.per-address:10}") long perAddress,
                 @Value("${liaison.inquiries.web-form.per-form:600}") long perForm) {
        this.mongo = mongo;
        this.clock = clock;
        this.window = window;
        this.perAddress = perAddress;
        this.perForm = perForm;
    }

    @PostConstruct
    void indexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(0, TimeUnit.SECONDS));
    }

    /** Seconds until the window ends when the address is over its allowance in this window, else 0. */
    long addressOver(String address) {
        return over("address:" + sha(address), perAddress);
    }

    /** Seconds until the window ends when the form is over its allowance in this window, else 0. */
    long formOver(String formKey) {
        return over("form:" + sha(formKey), perForm);
    }

    private long over(String key, long limit) {
        Instant now = clock.instant();
        long windowMillis = window.toMillis();
        long start = now.toEpochMilli() / windowMillis * windowMillis;
        Instant end = Instant.ofEpochMilli(start + windowMillis);
        long count = increment(key + ":" + start, end);
        return count > limit ? Math.max(1, Duration.between(now, end).toSeconds()) : 0;
    }

    private long increment(String id, Instant end) {
        Document filter = new Document("_id", id);
        Document update = new Document("$inc", new Document("count", 1L))
                .append("$setOnInsert", new Document("expiresAt", Date.from(end.plus(window))));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        for (int attempt = 0; ; attempt++) {
            try {
                Document counted = mongo.getCollection(COLLECTION).findOneAndUpdate(filter, update, options);
                return ((Number) counted.get("count")).longValue();
            } catch (DuplicateKeyException | MongoCommandException raced) {
                // two first posts of a window upserted at once: the loser counts on the winner's document
                if (attempt >= 3) {
                    throw raced;
                }
            } catch (com.mongodb.MongoWriteException raced) {
                if (attempt >= 3) {
                    throw raced;
                }
            }
        }
    }

    private static String sha(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
