package health.liaison.notifications.delivery;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The message queue of every practice group, durable in MongoDB. A message is planned once (deterministic ids
 * make planning idempotent) and claimed by exactly one replica before it is sent: {@link #claimDue} moves it from
 * QUEUED to SENDING with a lease in one findAndModify, so two replicas polling at once can never both take it. A
 * replica that dies mid-send leaves a lease that expires, and another replica takes the message over.
 */
@Component
public class Messages {

    static final String COLLECTION = "messages";

    private final TenantStore<Message> store;
    private final MongoTemplate mongo;
    private final Clock clock;

    Messages(TenantStores stores, Clock clock) {
        this.store = stores.of(Message.class, COLLECTION, "message");
        this.mongo = stores.mongo();
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC).named("due"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC).on("leaseExpiresAt", Sort.Direction.ASC).named("sending_lease"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("patientId", Sort.Direction.ASC).named("patient"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("appointmentId", Sort.Direction.ASC).named("appointment"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("recipientKey", Sort.Direction.ASC).named("recipient"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("providerMessageId", Sort.Direction.ASC).named("provider-id"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("staffRole", Sort.Direction.ASC)
                .on("locationId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC).named("staff"));
    }

    /**
     * Plans a message unless it is already planned. A reminder cancelled earlier is planned again (an appointment
     * moved away and back); one already sent stays sent.
     */
    public void plan(Message message) {
        try {
            store.insert(message, List.of(), message.locationId());
        } catch (DuplicateKeyException alreadyPlanned) {
            // only a cancelled message is planned again; any other state is left untouched (not even re-written:
            // a write would bump the version under a replica that is sending it, which then could not record 'sent')
            if (store.find(message.id()).map(v -> v.value().status() == MessageStatus.CANCELLED).orElse(false)) {
                store.modify(message.id(), current -> TenantStore.Change.quietly(
                        current.status() == MessageStatus.CANCELLED ? current.requeued(message.dueAt(), clock.instant()) : current));
            }
        }
    }

    /** Cancels every message still waiting for this appointment; those already sent or being sent are left. */
    public int cancelPending(String appointmentId) {
        return cancel(Criteria.where("appointmentId").is(appointmentId).and("status").is(MessageStatus.QUEUED.name()));
    }

    /** Cancels the messages of these kinds still waiting for this appointment (e.g. its reminders, when it moved). */
    public int cancelPending(String appointmentId, List<String> kinds) {
        return cancel(Criteria.where("appointmentId").is(appointmentId).and("status").is(MessageStatus.QUEUED.name())
                .and("kind").in(kinds));
    }

    /** Cancels these messages if they are still waiting (e.g. a deposit-due notice once the deposit is paid). */
    public int cancelPendingIds(List<String> ids) {
        return cancel(Criteria.where("_id").in(ids).and("status").is(MessageStatus.QUEUED.name()));
    }

    /** Moves the messages of {@code kind} still waiting for this appointment to {@code dueAt}; returns how many. */
    public int retimePending(String appointmentId, String kind, Instant dueAt) {
        int retimed = 0;
        for (Message message : store.find(Criteria.where("appointmentId").is(appointmentId).and("kind").is(kind)
                .and("status").is(MessageStatus.QUEUED.name()), Sort.by("dueAt"), 200)) {
            try {
                store.modify(message.id(), current -> TenantStore.Change.quietly(
                        current.status() == MessageStatus.QUEUED ? current.retimed(dueAt, clock.instant()) : current));
                retimed++;
            } catch (ApiProblem gone) {
                // removed meanwhile: nothing to move
            }
        }
        return retimed;
    }

    /** The messages to a clinic's staff in {@code role} (e.g. inventory alerts), newest first. */
    public List<Message> toStaff(String locationId, String role, int limit) {
        return store.find(Criteria.where("staffRole").is(role).and("locationId").is(locationId),
                Sort.by(Sort.Direction.DESC, "createdAt", "_id"), limit);
    }

    private int cancel(Criteria pending) {
        int cancelled = 0;
        for (Message message : store.find(pending, Sort.by("dueAt"), 200)) {
            try {
                store.modify(message.id(), current -> TenantStore.Change.quietly(
                        current.status() == MessageStatus.QUEUED ? current.cancelled(clock.instant()) : current));
                cancelled++;
            } catch (ApiProblem gone) {
                // removed meanwhile: nothing to cancel
            }
        }
        return cancelled;
    }

    public Page<Message> forPatient(String patientId, Paging paging) {
        return store.page(Criteria.where("patientId").is(patientId), Sort.by("createdAt"), paging);
    }

    public List<Message> failed(String locationId, int limit) {
        return store.find(Criteria.where("status").in(MessageStatus.FAILED.name(), MessageStatus.BOUNCED.name())
                .and("locationId").is(locationId), Sort.by(Sort.Direction.DESC, "updatedAt"), limit);
    }

    public Optional<Versioned<Message>> find(String id) {
        return store.find(id);
    }

    /** The SMS most recently sent to a number (by its keyed hash): what a reply answers. */
    public Optional<Message> lastSmsTo(String recipientKey) {
        return store.find(Criteria.where("recipientKey").is(recipientKey).and("channel").is(Channel.SMS.name())
                        .and("status").in(MessageStatus.SENT.name(), MessageStatus.DELIVERED.name()),
                Sort.by(Sort.Direction.DESC, "sentAt"), 1).stream().findFirst();
    }

    /** The e-mail most recently sent to an address (by its keyed hash): whom an incoming e-mail comes from. */
    public Optional<Message> lastEmailTo(String recipientKey) {
        return store.find(Criteria.where("recipientKey").is(recipientKey).and("channel").is(Channel.EMAIL.name())
                        .and("status").in(MessageStatus.SENT.name(), MessageStatus.DELIVERED.name()),
                Sort.by(Sort.Direction.DESC, "sentAt"), 1).stream().findFirst();
    }

    public Optional<Versioned<Message>> byProviderId(String providerMessageId) {
        return store.findOne(Criteria.where("providerMessageId").is(providerMessageId));
    }

    /** When messages on {@code channel} went to the patient since {@code since}: input of the frequency cap. */
    public List<Instant> sentSince(String patientId, Channel channel, Instant since) {
        return store.find(Criteria.where("patientId").is(patientId).and("channel").is(channel.name())
                        .and("status").in(MessageStatus.SENT.name(), MessageStatus.DELIVERED.name())
                        .and("urgent").is(false).and("sentAt").gt(Date.from(since)),
                Sort.by("sentAt"), 100).stream().map(Message::sentAt).toList();
    }

    /** Writes a change, with the events it caused, if nobody else changed the message since {@code version}. */
    public Versioned<Message> record(Versioned<Message> current, Message next, List<? extends DomainEvent> events) {
        return store.update(next.id(), current.version(), next, events, next.locationId());
    }

    public Versioned<Message> change(String id, java.util.function.Function<Message, TenantStore.Change<Message>> change) {
        return store.modify(id, change);
    }

    /**
     * Claims the next due message of any practice group for {@code owner}. The queue is the deployment's, not one
     * group's, so this is the one query not scoped by tenant; the claimed message is then handled as its own tenant.
     */
    Optional<Claimed> claimDue(String owner, Instant now, Duration lease) {
        Date at = Date.from(now);
        Query due = Query.query(new Criteria().orOperator(
                        Criteria.where("status").is(MessageStatus.QUEUED.name()).and("dueAt").lte(at),
                        Criteria.where("status").is(MessageStatus.SENDING.name()).and("leaseExpiresAt").lt(at)))
                .with(Sort.by("dueAt"));
        Update claim = new Update().set("status", MessageStatus.SENDING.name()).set("leaseOwner", owner)
                .set("leaseExpiresAt", Date.from(now.plus(lease))).inc("_v", 1L);
        Document claimed = mongo.findAndModify(due, claim, FindAndModifyOptions.options().returnNew(true),
                Document.class, COLLECTION);
        if (claimed == null) {
            return Optional.empty();
        }
        Message message = mongo.getConverter().read(Message.class, claimed);
        if (!owner.equals(message.leaseOwner())) {
            return Optional.empty();
        }
        return Optional.of(new Claimed(claimed.getString("tenantId"),
                new Versioned<>(message, claimed.get("_v", Number.class).longValue())));
    }

    /** A message this replica holds the lease on, and the practice group it belongs to. */
    record Claimed(String tenantId, Versioned<Message> message) {
    }
}
