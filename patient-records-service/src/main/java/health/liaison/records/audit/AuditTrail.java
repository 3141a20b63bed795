package health.liaison.records.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import jakarta.annotation.PostConstruct;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The append-only, tamper-evident record of every access to patients' charts, one hash chain per practice group.
 *
 * <p>Each entry stores the SHA-256 of its own content and of the entry before it. Appending takes the chain's
 * newest entry and inserts the next sequence number under a unique id ({@code tenant:sequence}); when another
 * replica appended first the insert fails on the id and is retried on the new tip. So the chain stays linear with
 * no lock and no transaction, and {@link #verify} finds any entry that was altered, removed or inserted later.
 * The service has no code path that updates or deletes an entry.
 */
@Component
public class AuditTrail {

    public static final String COLLECTION = "audit_trail";
    private static final String GENESIS = "0".repeat(64);

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditTrail(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void indexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenant", Sort.Direction.ASC).on("sequence", Sort.Direction.DESC).unique());
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenant", Sort.Direction.ASC).on("patientId", Sort.Direction.ASC));
    }

    /** An allowed access by the current caller. */
    public void allowed(String action, String patientId, String detail) {
        append(Callers.current().tenantId(), action, patientId, "ALLOWED", detail);
    }

    /** A refused access by the current caller. */
    public void denied(String action, String patientId, String detail) {
        append(Callers.current().tenantId(), action, patientId, "DENIED", detail);
    }

    /**
     * A refused access recorded in another practice group's chain: a user of one group asked for a chart that
     * belongs to another. The owner's administrators see that someone outside tried; the caller still only got 404.
     */
    public void deniedForOwner(String ownerTenant, String action, String patientId, String detail) {
        append(ownerTenant, action, patientId, "DENIED", detail);
    }

    private void append(String tenant, String action, String patientId, String outcome, String detail) {
        Caller caller = Callers.current();
        String user = caller.tenantId().equals(tenant) ? caller.userId() : caller.userId() + "@" + caller.tenantId();
        String roles = String.join(",", new TreeSet<>(caller.roles()));
        HttpServletRequest request = currentRequest();
        String source = request == null ? null : sourceAddress(request);
        String requestId = request == null ? null : request.getHeader("X-Request-Id");
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < 200; attempt++) {
            Document tip = mongo.findOne(Query.query(Criteria.where("tenant").is(tenant))
                    .with(Sort.by(Sort.Direction.DESC, "sequence")).limit(1), Document.class, COLLECTION);
            long sequence = tip == null ? 1 : ((Number) tip.get("sequence")).longValue() + 1;
            String previous = tip == null ? GENESIS : tip.getString("hash");
            AuditEntry entry = new AuditEntry(sequence, at, user, roles, patientId, action, outcome, detail, source,
                    requestId, previous, null);
            String hash = hash(tenant, entry);
            Document doc = new Document("_id", tenant + ":" + sequence).append("tenant", tenant)
                    .append("sequence", sequence).append("at", java.util.Date.from(at)).append("userId", user)
                    .append("roles", roles).append("patientId", patientId).append("action", action)
                    .append("outcome", outcome).append("detail", detail).append("sourceAddress", source)
                    .append("requestId", requestId).append("previousHash", previous).append("hash", hash);
            try {
                mongo.getCollection(COLLECTION).insertOne(doc);
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // another replica took this sequence number: chain onto its entry instead
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("The audit trail is too contended to append; the access was not allowed");
    }

    /** Entries of the caller's practice group, newest first, optionally about one patient. */
    public List<AuditEntry> entries(String patientId, int limit) {
        Criteria criteria = Criteria.where("tenant").is(Callers.current().tenantId());
        if (patientId != null) {
            criteria = criteria.and("patientId").is(patientId);
        }
        List<AuditEntry> entries = new ArrayList<>();
        for (Document doc : mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "sequence")).limit(limit),
                Document.class, COLLECTION)) {
            entries.add(entryOf(doc));
        }
        return entries;
    }

    /** Walks the caller's group's chain from the first entry and says whether, and where, it is broken. */
    public Verification verify() {
        return verify(Callers.current().tenantId());
    }

    Verification verify(String tenant) {
        return verifyFrom(tenant, 0, GENESIS);
    }

    /**
     * Walks a chain from the entry after {@code from}, whose stored hash must still be {@code fromHash} (0 and the
     * genesis hash: the whole chain), to its tip: what a checkpoint after an earlier one needs, without reading the
     * entries that one already vouches for.
     */
    Verification verifyFrom(String tenant, long from, String fromHash) {
        if (from > 0 && !fromHash.equals(hashOf(tenant, from))) {
            return Verification.broken(from - 1, from, "entry " + from + " is missing or not the one checkpointed");
        }
        long expected = from + 1;
        String previous = fromHash;
        Query all = Query.query(Criteria.where("tenant").is(tenant).and("sequence").gt(from))
                .with(Sort.by(Sort.Direction.ASC, "sequence"));
        for (Document doc : mongo.getCollection(COLLECTION).find(all.getQueryObject()).sort(all.getSortObject())) {
            AuditEntry entry = entryOf(doc);
            if (entry.sequence() != expected) {
                return Verification.broken(expected - 1, expected, "entry " + expected + " is missing");
            }
            if (!previous.equals(entry.previousHash())) {
                return Verification.broken(expected - 1, expected, "entry " + expected + " does not follow the entry before it");
            }
            if (!hash(tenant, entry).equals(entry.hash())) {
                return Verification.broken(expected - 1, expected, "entry " + expected + " was altered after it was written");
            }
            previous = entry.hash();
            expected++;
        }
        return new Verification(true, expected - 1, null, null, previous, null, null);
    }

    /** The practice groups that have a chain. */
    List<String> chains() {
        return mongo.getCollection(COLLECTION).distinct("tenant", String.class).into(new ArrayList<>());
    }

    /** The stored hash of one entry of a chain, if the entry exists. */
    String hashOf(String tenant, long sequence) {
        Document doc = mongo.findById(tenant + ":" + sequence, Document.class, COLLECTION);
        return doc == null ? null : doc.getString("hash");
    }

    /**
     * The result of walking the chain, and of holding it against its newest signed checkpoint ({@code anchoredEntry},
     * {@code anchoredAt}; both empty before the first checkpoint).
     */
    public record Verification(boolean intact, long entriesChecked, Long firstBrokenEntry, String problem, String head,
                               Long anchoredEntry, Instant anchoredAt) {

        static Verification broken(long checked, long at, String problem) {
            return new Verification(false, checked, at, problem, null, null, null);
        }

        Verification anchoredAt(long entry, Instant at) {
            return new Verification(intact, entriesChecked, firstBrokenEntry, problem, head, entry, at);
        }

        Verification cut(long entry, Instant at, String why) {
            return new Verification(false, entriesChecked, Math.min(entriesChecked + 1, entry), why, null, entry, at);
        }
    }

    private static AuditEntry entryOf(Document doc) {
        java.util.Date at = doc.getDate("at");
        return new AuditEntry(((Number) doc.get("sequence")).longValue(), at == null ? null : at.toInstant(),
                doc.getString("userId"), doc.getString("roles"), doc.getString("patientId"), doc.getString("action"),
                doc.getString("outcome"), doc.getString("detail"), doc.getString("sourceAddress"),
                doc.getString("requestId"), doc.getString("previousHash"), doc.getString("hash"));
    }

    static String hash(String tenant, AuditEntry e) {
        String canonical = String.join("\n", tenant, Long.toString(e.sequence()), e.at() == null ? "" : e.at().toString(),
                nz(e.userId()), nz(e.roles()), nz(e.patientId()), nz(e.action()), nz(e.outcome()), nz(e.detail()),
                nz(e.sourceAddress()), nz(e.requestId()), nz(e.previousHash()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException(e1);
        }
    }

    private static String nz(String s) {
        return s == null ? "\u0000" : s;
    }

    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }

    /** The client as the gateway saw it (first X-Forwarded-For hop), else the peer address. */
    private static String sourceAddress(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        return request.getRemoteAddr();
    }
}
