package health.liaison.records.access;

import health.liaison.platform.outbox.OutboxFields;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.audit.AuditTrail;
import health.liaison.records.patients.Patient;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one gate in front of every chart: decides whether the caller may do {@code action} on a patient's chart
 * section, and writes exactly one audit entry for the decision (allowed or denied) before any data leaves.
 *
 * <ul>
 *     <li>another practice group's patient, or an unknown id: 404 (indistinguishable), audited as denied in the
 *     caller's group and, when the chart exists elsewhere, in its owner's group too;</li>
 *     <li>a patient token on someone else's chart: 404, audited;</li>
 *     <li>a role without the section: 403, audited;</li>
 *     <li>a chart registered at a clinic the user does not work at: 403 telling them to break the glass, audited;
 *     with a valid break-glass grant it opens, audited as such.</li>
 * </ul>
 * A break-glass reason is sealed in its grant; the audit entry names the grant, never the free text.
 */
@Component
public class ChartAccess {

    private final TenantStore<Patient> patients;
    private final TenantStore<BreakGlassGrant> grants;
    private final AuditTrail audit;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration breakGlassFor;
    private final FieldCipher cipher;

    private static final String REASON = "break-glass-reason";

    ChartAccess(TenantStores stores, AuditTrail audit, MongoTemplate mongo, Clock clock, FieldCipher cipher,
                @Value("${liaison.records.break-glass-duration:PT1H}") Duration breakGlassFor) {
        this.cipher = cipher;
        this.patients = stores.of(Patient.class, "patients", "patient");
        this.grants = stores.of(BreakGlassGrant.class, "break_glass", "break-glass grant");
        this.audit = audit;
        this.mongo = mongo;
        this.clock = clock;
        this.breakGlassFor = breakGlassFor;
    }

    /** Opens a chart for one action, audited once. */
    public Versioned<Patient> open(String patientId, String action, Section section) {
        return open(patientId, action, section, null);
    }

    public Versioned<Patient> open(String patientId, String action, Section section, String detail) {
        Caller caller = Callers.current();
        if (caller.hasRole("PATIENT") && !patientId.equals(caller.patientId())) {
            audit.denied(action, patientId, "a patient asked for another patient's chart");
            throw ApiProblem.notFound("patient");
        }
        Optional<Versioned<Patient>> found = patients.find(patientId);
        if (found.isEmpty()) {
            auditUnknown(patientId, action);
            throw ApiProblem.notFound("patient");
        }
        if (!section.allows(caller.roles())) {
            audit.denied(action, patientId, "role may not see " + section.name().toLowerCase());
            throw ApiProblem.forbidden("Your role does not give access to this part of the chart.");
        }
        Patient patient = found.get().value();
        String via = null;
        if (!caller.hasRole("PATIENT") && !caller.hasRole("ADMIN") && !caller.worksAt(patient.locationId())) {
            Optional<BreakGlassGrant> grant = activeGrant(caller.userId(), patientId);
            if (grant.isEmpty()) {
                audit.denied(action, patientId, "chart of a clinic the user does not work at");
                throw ApiProblem.forbidden("This chart belongs to a clinic you do not work at. To open it in an "
                        + "emergency, break the glass: POST /api/records/v1/patients/" + patientId
                        + "/break-glass with your reason.");
            }
            via = "break-glass " + grant.get().id();
        }
        audit.allowed(action, patientId, join(detail, via));
        return found.get();
    }

    /** Opens a chart with a reason, for a limited time; the grant (sealed reason) is audited by its id. */
    public BreakGlassGrant.View breakGlass(String patientId, String reason) {
        Caller caller = Callers.current();
        Optional<Versioned<Patient>> found = patients.find(patientId);
        if (found.isEmpty() || caller.hasRole("PATIENT")) {
            auditUnknown(patientId, "BREAK_GLASS");
            throw ApiProblem.notFound("patient");
        }
        if (!Section.CLINICAL.allows(caller.roles())) {
            audit.denied("BREAK_GLASS", patientId, "role may not break the glass");
            throw ApiProblem.forbidden("Your role cannot break the glass.");
        }
        Instant now = clock.instant();
        BreakGlassGrant grant = new BreakGlassGrant(UUID.randomUUID().toString(), caller.userId(), patientId,
                cipher.seal(reason, patientId, REASON), now, now.plus(breakGlassFor));
        grants.insert(grant, List.of(), found.get().value().locationId());
        audit.allowed("BREAK_GLASS", patientId, "grant " + grant.id() + " until " + grant.expiresAt() + "; reason sealed in the grant");
        return new BreakGlassGrant.View(grant.id(), grant.userId(), patientId, reason, grant.grantedAt(), grant.expiresAt());
    }

    /** Records one audited event about a chart the caller already opened (e.g. each search hit). */
    public void record(String action, String patientId, String detail) {
        audit.allowed(action, patientId, detail);
    }

    /**
     * A surgery id the caller's group does not have: the attempt is audited as denied in the caller's chain (naming
     * no patient, as the caller named none) and, when the surgery belongs to another group, in its owner's chain
     * under its patient. The caller gets the same 404 either way.
     */
    public ApiProblem surgeryNotFound(String appointmentId, String action) {
        audit.denied(action, null, "no such surgery in this practice group: " + appointmentId);
        Document owner = mongo.findOne(Query.query(Criteria.where("_id").is(appointmentId)), Document.class, "surgery_cases");
        if (owner != null && owner.getString(OutboxFields.TENANT) != null && owner.getString("patientId") != null
                && !owner.getString(OutboxFields.TENANT).equals(Callers.current().tenantId())) {
            audit.deniedForOwner(owner.getString(OutboxFields.TENANT), action, owner.getString("patientId"),
                    "a user of another practice group asked for surgery " + appointmentId);
        }
        return ApiProblem.notFound("surgery");
    }

    /**
     * The charts the caller may see without breaking the glass, as a query condition, so that lists (search) page and
     * count in the database: a patient their own chart, an administrator every chart of the group (no condition),
     * other staff the charts of their clinics and those they hold an active break-glass grant for. The same rule as
     * {@link #visibleWithoutBreakingGlass}.
     */
    public Optional<Criteria> visibleCharts() {
        Caller caller = Callers.current();
        if (caller.hasRole("PATIENT")) {
            return Optional.of(Criteria.where("_id").is(caller.patientId()));
        }
        if (caller.hasRole("ADMIN")) {
            return Optional.empty();
        }
        List<String> granted = grants.find(Criteria.where("userId").is(caller.userId()).and("expiresAt").gt(clock.instant()),
                Sort.by("patientId"), 1000).stream().map(BreakGlassGrant::patientId).distinct().toList();
        return Optional.of(new Criteria().orOperator(Criteria.where("locationId").in(caller.locations()),
                Criteria.where("_id").in(granted)));
    }

    /** Whether the caller may see this chart without breaking the glass (for lists such as search results). */
    public boolean visibleWithoutBreakingGlass(Patient patient) {
        Caller caller = Callers.current();
        if (caller.hasRole("PATIENT")) {
            return patient.id().equals(caller.patientId());
        }
        return caller.hasRole("ADMIN") || caller.worksAt(patient.locationId())
                || activeGrant(caller.userId(), patient.id()).isPresent();
    }

    private Optional<BreakGlassGrant> activeGrant(String userId, String patientId) {
        return grants.find(Criteria.where("userId").is(userId).and("patientId").is(patientId)
                .and("expiresAt").gt(clock.instant()), Sort.by(Sort.Direction.DESC, "expiresAt"), 1).stream().findFirst();
    }

    private void auditUnknown(String patientId, String action) {
        audit.denied(action, patientId, "no such chart in this practice group");
        Document owner = mongo.findOne(Query.query(Criteria.where("_id").is(patientId)), Document.class, "patients");
        if (owner != null && owner.getString(OutboxFields.TENANT) != null
                && !owner.getString(OutboxFields.TENANT).equals(Callers.current().tenantId())) {
            audit.deniedForOwner(owner.getString(OutboxFields.TENANT), action, patientId,
                    "a user of another practice group asked for this chart");
        }
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
