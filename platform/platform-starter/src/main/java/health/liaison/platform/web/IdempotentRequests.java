package health.liaison.platform.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import health.liaison.platform.store.ExpiringIndex;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Honours the {@code Idempotency-Key} header of creations that must not happen twice. The first request with a
 * key claims it with a unique insert; a retry with the same key and the same body gets the outcome of the first
 * (the id it created), a retry with another body gets 422, and a retry while the first is still running gets
 * 409. Only the id and a hash of the request are kept — never the request or response body, which may be PHI.
 * The created resource's id is derived from the key, so even a crash between creating and recording cannot
 * create a second resource: the retry's insert hits the same id.
 */
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    static final String COLLECTION = "idempotency_keys";

    private final MongoTemplate mongo;
    private final Clock clock;

    public IdempotentRequests(MongoTemplate mongo, Clock clock) {
        this(mongo, clock, Duration.ofDays(1));
    }

    /** @param retention how long a key is honoured (default a day, as payment providers do); the created resources stay */
    public IdempotentRequests(MongoTemplate mongo, Clock clock, Duration retention) {
        this.mongo = mongo;
        this.clock = clock;
        ExpiringIndex.ensure(mongo.getDb(), COLLECTION, "createdAt", retention);
    }

    /**
     * @param scope       what is being created ("patient-registration")
     * @param key         the Idempotency-Key header, or null when the client sent none
     * @param fingerprint a canonical form of the request body (e.g. its JSON)
     * @param create      creates the resource with the id it is given and returns that id
     */
    public Outcome run(String scope, String key, String fingerprint, Function<String, String> create) {
        if (key == null || key.isBlank()) {
            return new Outcome(create.apply(UUID.randomUUID().toString()), false);
        }
        if (key.length() > 255) {
            throw ApiProblem.invalid(HEADER, "must be at most 255 characters");
        }
        String tenant = Callers.current().tenantId();
        String claimId = tenant + "|" + scope + "|" + key;
        String requestHash = sha256(fingerprint);
        String resourceId = UUID.nameUUIDFromBytes(claimId.getBytes(StandardCharsets.UTF_8)).toString();
        MongoCollection<Document> keys = mongo.getCollection(COLLECTION);
        try {
            keys.insertOne(new Document("_id", claimId).append("requestHash", requestHash)
                    .append("state", "IN_PROGRESS").append("resourceId", resourceId)
                    .append("createdAt", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = keys.find(new Document("_id", claimId)).first();
            if (existing == null) {
                throw ApiProblem.conflict("idempotency-key-in-progress", "A request with this Idempotency-Key is being retried. Try again.");
            }
            if (!requestHash.equals(existing.getString("requestHash"))) {
                throw ApiProblem.unprocessable("idempotency-key-reused",
                        "This Idempotency-Key was used for a different request. Use a new key for a new request.");
            }
            if ("DONE".equals(existing.getString("state"))) {
                return new Outcome(existing.getString("resourceId"), true);
            }
            throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-progress", "Conflict",
                    "The first request with this Idempotency-Key is still being processed. Retry in a moment.",
                    Map.of("retryAfterSeconds", 1));
        }
        String id;
        try {
            id = create.apply(resourceId);
        } catch (RuntimeException failure) {
            keys.deleteOne(new Document("_id", claimId).append("state", "IN_PROGRESS"));
            throw failure;
        }
        keys.updateOne(new Document("_id", claimId), new Document("$set", new Document("state", "DONE").append("resourceId", id)));
        return new Outcome(id, false);
    }

    /** The id of the resource the request created, and whether this answer replays an earlier request's. */
    public record Outcome(String resourceId, boolean replayed) {
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
