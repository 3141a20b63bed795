package health.liaison.records.inquiries;

import health.liaison.platform.events.inquiries.InquiryContacted;
import health.liaison.platform.events.inquiries.InquiryLost;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.audit.AuditTrail;
import health.liaison.records.clinics.ClinicTeam;
import health.liaison.records.clinics.ClinicTeams;
import health.liaison.records.clinics.Clinics;
import health.liaison.records.worklists.WorkPage;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inquiries: taking one in from any channel (the same person again — same e-mail or phone in the practice group —
 * adds a contact to their open inquiry instead of a second lead), reading it (audited like a chart), the work list,
 * contact attempts, claiming, losing. Conversion and the status that follows bookings are {@link InquiryConversions}.
 */
@Service
public class Inquiries {

    static final String COLLECTION = "inquiries";
    static final String CONTACT = "inquiry-contact";
    static final String TEXT = "inquiry-text";
    /** How long an intake waits for the same person's other intake, which claimed the keys first, to be stored. */
    private static final Duration PENDING_WAIT = Duration.ofSeconds(5);
    private static final Duration PENDING_POLL = Duration.ofMillis(20);

    private final TenantStore<Inquiry> inquiries;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final Clinics clinics;
    private final ClinicTeams teams;
    private final MongoTemplate mongo;
    private final InquirerKeyStore personKeys;
    private final Clock clock;

    Inquiries(TenantStores stores, FieldCipher cipher, AuditTrail audit, Clinics clinics, ClinicTeams teams,
              MongoTemplate mongo, InquirerKeyStore personKeys, Clock clock) {
        this.personKeys = personKeys;
        this.inquiries = stores.of(Inquiry.class, COLLECTION, "inquiry");
        this.cipher = cipher;
        this.audit = audit;
        this.clinics = clinics;
        this.teams = teams;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void indexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("emailIndex", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("phoneIndex", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("patientId", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("locationId", Sort.Direction.ASC).on("receivedAt", Sort.Direction.ASC));
    }

    /** What taking a contact in did: a new inquiry, or a contact added to the same person's open one. */
    public record Received(String inquiryId, boolean created) {
    }

    /**
     * Takes a contact in. A new inquiry is owned by who entered it (or the clinic's intake owner), gets its
     * first-response due time in the clinic's business hours, and publishes {@code inquiry.received}.
     */
    public Received receive(String id, Intake intake) {
        Caller caller = Callers.current();
        Instant now = clock.instant();
        InquirerContact contact = intake.contact();
        String emailIndex = cipher.blindIndex("email", FieldCipher.foldEmail(contact.email()));
        String phoneIndex = cipher.blindIndex("phone", FieldCipher.foldDigits(contact.phone()));
        ContactLog inbound = new ContactLog(now, ContactLog.INBOUND, intake.source(), null, null,
                null, caller.userId());
        List<String> keys = InquirerKeyStore.keysOf(caller.tenantId(), emailIndex, phoneIndex);
        Optional<Inquiry> same = samePerson(id, keys, emailIndex, phoneIndex);
        if (same.isPresent()) {
            String existing = same.get().id();
            inquiries.modify(existing, current -> {
                InquirerContact known = cipher.openJson(current.sealedContact(), InquirerContact.class, existing, CONTACT);
                InquirerContact merged = known.completedBy(contact);
                ContactLog log = withText(inbound, intake.message(), existing);
                return TenantStore.Change.quietly(current.withContact(log, cipher.sealJson(merged, existing, CONTACT),
                        current.emailIndex() != null ? current.emailIndex() : emailIndex,
                        current.phoneIndex() != null ? current.phoneIndex() : phoneIndex, now));
            });
            audit.allowed("INQUIRY_CONTACT_ADDED", same.get().patientId(), "inquiry " + existing + " by " + intake.source());
            return new Received(existing, false);
        }
        try {
            return new Received(create(id, intake, contact, emailIndex, phoneIndex, inbound, now), true);
        } catch (RuntimeException failed) {
            if (find(id).isEmpty()) {
                keys.forEach(key -> personKeys.release(key, id));
            }
            throw failed;
        }
    }

    private String create(String id, Intake intake, InquirerContact contact, String emailIndex, String phoneIndex,
                          ContactLog inbound, Instant now) {
        Caller caller = Callers.current();
        ClinicTeam team = teams.of(intake.locationId());
        String owner = intake.ownerId() != null ? intake.ownerId() : team.intakeOwner();
        Instant due = clinics.calendarOf(intake.locationId()).plusBusinessTime(now, team.responseTarget());
        Inquiry inquiry = new Inquiry(id, intake.locationId(), intake.source(), intake.interest(), Inquiry.NEW, owner,
                cipher.sealJson(contact, id, CONTACT), emailIndex, phoneIndex, List.of(withText(inbound, intake.message(), id)),
                0, due, now, caller.userId(), null, null, null, null, null, null, null, null, null, null, now);
        inquiries.insert(inquiry, List.of(new InquiryReceived(id, intake.locationId(), intake.source(), intake.interest(),
                owner, due, now)), intake.locationId());
        audit.allowed("CREATE_INQUIRY", null, "inquiry " + id + " by " + intake.source());
        return id;
    }

    private ContactLog withText(ContactLog log, String text, String inquiryId) {
        return new ContactLog(log.at(), log.direction(), log.channel(), log.outcome(), log.attempt(),
                cipher.seal(text, inquiryId, TEXT), log.byUserId());
    }

    /**
     * The open inquiry a new contact belongs to, race-proof: the person's keys ({@link InquirerKeyStore}) are claimed
     * for the new inquiry {@code id} in a fixed order, so of two intakes of one person at once exactly one gets them
     * and creates the inquiry, and the other finds it (waiting the moment it takes to be stored). A key held by a
     * closed inquiry, or by one never stored (its intake failed or crashed), passes to the new one. An inquiry from
     * before the keys existed is still found by its blind indexes, and the keys then pass to it.
     */
    private Optional<Inquiry> samePerson(String id, List<String> keys, String emailIndex, String phoneIndex) {
        String tenant = Callers.current().tenantId();
        Optional<Inquiry> found = Optional.empty();
        List<String> claimed = new ArrayList<>();
        for (String key : keys) {
            if (found.isPresent()) {
                personKeys.claim(key, tenant, found.get().id());
                continue;
            }
            found = holderOf(key, tenant, id);
            if (found.isEmpty()) {
                claimed.add(key);
            }
        }
        if (found.isEmpty()) {
            found = storedSamePerson(emailIndex, phoneIndex).filter(other -> !other.id().equals(id));
        }
        found.ifPresent(target -> claimed.forEach(key -> personKeys.move(key, id, target.id())));
        return found;
    }

    /** The open inquiry holding {@code key}, or empty when {@code id} now holds it. */
    private Optional<Inquiry> holderOf(String key, String tenant, String id) {
        long waitUntil = System.nanoTime() + PENDING_WAIT.toNanos();
        while (true) {
            String holder = personKeys.claim(key, tenant, id);
            if (holder.equals(id)) {
                return Optional.empty();
            }
            Optional<Inquiry> held = find(holder);
            if (held.isPresent() && held.get().open()) {
                return held;
            }
            if (held.isPresent() || System.nanoTime() > waitUntil) {
                personKeys.move(key, holder, id);
                continue;
            }
            try {
                Thread.sleep(PENDING_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the same person's other intake was stored", e);
            }
        }
    }

    private Optional<Inquiry> storedSamePerson(String emailIndex, String phoneIndex) {
        List<Criteria> either = new ArrayList<>();
        if (emailIndex != null) {
            either.add(Criteria.where("emailIndex").is(emailIndex));
        }
        if (phoneIndex != null) {
            either.add(Criteria.where("phoneIndex").is(phoneIndex));
        }
        if (either.isEmpty()) {
            return Optional.empty();
        }
        return inquiries.find(new Criteria().andOperator(new Criteria().orOperator(either.toArray(Criteria[]::new)),
                Criteria.where("status").in(Inquiry.OPEN)), Sort.by("receivedAt"), 1).stream().findFirst();
    }

    /**
     * Opens an inquiry for one action, audited once like a chart: another group's or an unknown id is 404 (audited
     * as denied in the caller's chain, and in the owner's when it exists elsewhere), a clinic the caller does not
     * work at 403 (audited).
     */
    Inquiry open(String id, String action) {
        Caller caller = Callers.current();
        Optional<Versioned<Inquiry>> found = inquiries.find(id);
        if (found.isEmpty()) {
            audit.denied(action, null, "no such inquiry in this practice group: " + id);
            Document owner = mongo.findOne(Query.query(Criteria.where("_id").is(id)), Document.class, COLLECTION);
            if (owner != null && owner.getString("tenantId") != null && !owner.getString("tenantId").equals(caller.tenantId())) {
                audit.deniedForOwner(owner.getString("tenantId"), action, owner.getString("patientId"),
                        "a user of another practice group asked for inquiry " + id);
            }
            throw ApiProblem.notFound("inquiry");
        }
        Inquiry inquiry = found.get().value();
        if (!caller.hasRole("ADMIN") && !caller.hasRole("SERVICE") && !caller.worksAt(inquiry.locationId())) {
            audit.denied(action, inquiry.patientId(), "inquiry " + id + " of a clinic the user does not work at");
            throw ApiProblem.forbidden("This inquiry belongs to a clinic you do not work at.");
        }
        audit.allowed(action, inquiry.patientId(), "inquiry " + id);
        return inquiry;
    }

    /** The inquiry without an audit entry, for rules acting on events (no person's data leaves). */
    public Optional<Inquiry> find(String id) {
        return inquiries.find(id).map(Versioned::value);
    }

    public InquirerContact contactOf(Inquiry inquiry) {
        return cipher.openJson(inquiry.sealedContact(), InquirerContact.class, inquiry.id(), CONTACT);
    }

    String textOf(Inquiry inquiry, ContactLog log) {
        return cipher.open(log.sealedText(), inquiry.id(), TEXT);
    }

    String lostNoteOf(Inquiry inquiry) {
        return cipher.open(inquiry.sealedLostNote(), inquiry.id(), TEXT);
    }

    /**
     * The work list of the caller's clinics (or one clinic), by status and owner, oldest first. Each listed inquiry
     * shows the inquirer's name, so each is one audited {@code LIST_INQUIRY} entry, like a search hit.
     */
    WorkPage<Inquiry> list(String status, String ownerId, String locationId, int page, int size) {
        Caller caller = Callers.current();
        List<Criteria> all = new ArrayList<>();
        if (locationId != null) {
            if (!caller.worksAt(locationId) && !caller.hasRole("ADMIN")) {
                throw ApiProblem.forbidden("This clinic is not one of yours.");
            }
            all.add(Criteria.where("locationId").is(locationId));
        } else if (!caller.hasRole("ADMIN")) {
            all.add(Criteria.where("locationId").in(caller.locations()));
        }
        if (status != null) {
            all.add(Criteria.where("status").is(status));
        }
        if (ownerId != null) {
            all.add("none".equals(ownerId) ? Criteria.where("ownerId").is(null) : Criteria.where("ownerId").is(ownerId));
        }
        Criteria criteria = all.isEmpty() ? new Criteria() : new Criteria().andOperator(all.toArray(Criteria[]::new));
        long total = inquiries.count(criteria);
        List<Inquiry> items = inquiries.find(criteria, Sort.by("receivedAt", "_id"), (page + 1) * size).stream()
                .skip((long) page * size).toList();
        items.forEach(i -> audit.allowed("LIST_INQUIRY", i.patientId(), "inquiry " + i.id()));
        return WorkPage.of(items, page, size, total);
    }

    /** Logs a staff contact attempt: the inquiry is CONTACTED from the first one on; publishes {@code inquiry.contacted}. */
    Inquiry logAttempt(String id, String channel, String outcome, String note) {
        open(id, "LOG_INQUIRY_CONTACT");
        Caller caller = Callers.current();
        Instant now = clock.instant();
        return inquiries.modify(id, current -> {
            if (!current.open()) {
                throw ApiProblem.conflict("inquiry-closed", "This inquiry is " + current.status().toLowerCase() + ".");
            }
            int attempt = current.attempts() + 1;
            ContactLog log = new ContactLog(now, ContactLog.OUTBOUND, channel, outcome, attempt,
                    cipher.seal(note, id, TEXT), caller.userId());
            Inquiry next = current.attempted(log, now);
            return TenantStore.Change.of(next, List.of(new InquiryContacted(id, current.locationId(), channel, outcome,
                    attempt, caller.userId(), now)), current.locationId());
        }).value();
    }

    /** Takes an unowned inquiry: of two coordinators claiming at once exactly one wins, the other gets 409. */
    Inquiry claim(String id) {
        open(id, "CLAIM_INQUIRY");
        String me = Callers.current().userId();
        Instant now = clock.instant();
        return inquiries.modify(id, current -> {
            if (me.equals(current.ownerId())) {
                return TenantStore.Change.quietly(current);
            }
            if (current.ownerId() != null) {
                throw ApiProblem.conflict("inquiry-owned", "This inquiry is already owned by " + current.ownerId() + ".");
            }
            return TenantStore.Change.quietly(current.ownedBy(me, now));
        }).value();
    }

    /** Closes an open inquiry as LOST with a coded reason (and a sealed note); publishes {@code inquiry.lost}. */
    Inquiry markLost(String id, String reason, String note) {
        open(id, "LOSE_INQUIRY");
        Instant now = clock.instant();
        return inquiries.modify(id, current -> {
            if (!current.open()) {
                throw ApiProblem.conflict("inquiry-closed", "This inquiry is " + current.status().toLowerCase() + ".");
            }
            Inquiry next = current.lost(reason, cipher.seal(note, id, TEXT), now);
            return TenantStore.Change.of(next, List.of(new InquiryLost(id, current.locationId(), reason, now)),
                    current.locationId());
        }).value();
    }

    TenantStore<Inquiry> store() {
        return inquiries;
    }
}
