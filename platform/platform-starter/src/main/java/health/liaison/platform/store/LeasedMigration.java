package health.liaison.platform.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A start-up migration of documents kept in an earlier format, run by every replica at once: each document still to
 * move ({@code pending}) is taken with a lease (one atomic findAndModify setting {@code _migration: {owner, until}}),
 * moved by the caller, and left by it in the new format (no longer matching {@code pending}, the lease removed) with
 * an update filtered by {@link #owned}. A replica that dies half-way leaves its document leased; once the lease has
 * run out another replica takes it and moves it again, so the move itself must be idempotent (copies under ids derived
 * from the old data). {@link #drain} returns only when no document is left to move, so no replica serves against
 * data half-moved.
 */
public final class LeasedMigration {

    public static final String LEASE = "_migration";

    private final MongoCollection<Document> collection;
    private final Document pending;
    private final String owner;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param pending the filter of documents still in the old format ({@code new Document()}: every document of the
     *                collection, when the old format has a collection of its own)
     */
    public LeasedMigration(MongoCollection<Document> collection, Document pending, String owner, Duration lease, Clock clock) {
        this.collection = collection;
        this.pending = pending;
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Takes and moves documents until none is left to move (waiting for other replicas' leases to finish or run out).
     *
     * @return how many documents this replica moved (others may have moved the rest)
     */
    public int drain(Consumer<Document> move) {
        int moved = 0;
        while (true) {
            Document taken = take();
            if (taken != null) {
                move.accept(taken);
                moved++;
                continue;
            }
            if (collection.countDocuments(pending) == 0) {
                return moved;
            }
            // another replica holds the rest: wait for it to finish, or for its lease to run out
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** One document still to move whose lease is free or lapsed, now leased to this owner; null when there is none. */
    public Document take() {
        Instant now = clock.instant();
        Document free = new Document("$or", List.of(new Document(LEASE, new Document("$exists", false)),
                new Document(LEASE + ".until", new Document("$lt", Date.from(now)))));
        Document filter = pending.isEmpty() ? free : new Document("$and", List.of(pending, free));
        return collection.findOneAndUpdate(filter, new Document("$set", new Document(LEASE,
                        new Document("owner", owner).append("until", Date.from(now.plus(lease))))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /** The filter of a taken document while this owner still holds it: what the final write of a move goes by. */
    public Document owned(Object id) {
        return new Document("_id", id).append(LEASE + ".owner", owner);
    }
}
