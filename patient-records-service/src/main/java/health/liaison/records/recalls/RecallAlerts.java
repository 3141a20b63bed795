package health.liaison.records.recalls;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.RecallRaised;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import health.liaison.records.surgeries.SurgeryCase;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Inventory's manufacturer recalls on the charts they reached: each affected patient gets one {@link RecallAlert}
 * (per recall and patient, so a redelivery adds nothing), shown on the chart through {@link ChartAccess} like every
 * other section (audited), and listed per practice group for coordinators as a work list (ids and names only).
 * A provider or coordinator acknowledges and resolves an alert with a note, which is sealed.
 */
@RestController
class RecallAlerts {

    private static final Logger log = LoggerFactory.getLogger(RecallAlerts.class);
    private static final String ACK_FIELD = "recall-acknowledgement";
    private static final String RESOLUTION_FIELD = "recall-resolution";
    /** Who may acknowledge or resolve: the clinician or the coordinator who follows the patient up, not other roles. */
    private static final Set<String> DECIDERS = Set.of("PROVIDER", "COORDINATOR", "ADMIN");

    private final TenantStore<RecallAlert> alerts;
    private final TenantStore<Patient> patients;
    private final TenantStore<SurgeryCase> cases;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    RecallAlerts(TenantStores stores, ChartAccess access, FieldCipher cipher, EventInbox inbox, Clock clock) {
        this.alerts = stores.of(RecallAlert.class, "recall_alerts", "recall alert");
        this.patients = stores.of(Patient.class, "patients", "patient");
        this.cases = stores.of(SurgeryCase.class, "surgery_cases", "surgery");
        this.access = access;
        this.cipher = cipher;
        this.clock = clock;
        this.reaction = inbox.reaction("records-recall-alerts").on(RecallRaised.class, this::raised);
    }

    @KafkaListener(topics = Topics.INVENTORY_STOCK, groupId = "${spring.kafka.consumer.group-id}.recall-alerts")
    void onInventory(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void raised(ReceivedEvent<RecallRaised> event) {
        RecallRaised recall = event.payload();
        List<String> patientIds = recall.patientIds() == null ? List.of() : recall.patientIds().stream().distinct().toList();
        int unknown = 0;
        for (String patientId : patientIds) {
            Optional<Patient> chart = chartOf(patientId);
            if (chart.isEmpty()) {
                unknown++;
                continue;
            }
            Patient patient = chart.get();
            RecallAlert alert = RecallAlert.raised(recall.recallId(), patient.id(), patient.locationId(),
                    recall.manufacturer(), recall.sku(), recall.lot(), casesOf(recall, patient.id(), patientIds.size()),
                    recall.raisedAt(), clock.instant());
            try {
                alerts.insert(alert, List.of(), patient.locationId());
                access.record("RECALL_ALERT_RAISED", patient.id(), "recall " + recall.recallId());
            } catch (DuplicateKeyException redelivered) {
                // this recall is already on this chart (a redelivery, or a merged chart's survivor listed twice)
            }
        }
        if (unknown > 0) {
            log.warn("Recall {} names {} patient(s) this practice group has no chart for", recall.recallId(), unknown);
        }
    }

    /** The chart the alert belongs on: a merged chart's alert goes to the chart that survived the merge. */
    private Optional<Patient> chartOf(String patientId) {
        Optional<Patient> found = patients.find(patientId).map(Versioned::value);
        if (found.isPresent() && !found.get().active() && found.get().mergedInto() != null) {
            return patients.find(found.get().mergedInto()).map(Versioned::value);
        }
        return found;
    }

    /**
     * The recall names cases and patients as two lists, not as pairs; which of its cases were this patient's is read
     * from the surgeries records follows. With one patient, every case is theirs.
     */
    private List<String> casesOf(RecallRaised recall, String patientId, int patients) {
        List<String> appointmentIds = recall.appointmentIds() == null ? List.of() : recall.appointmentIds();
        if (patients == 1 || appointmentIds.isEmpty()) {
            return appointmentIds;
        }
        return cases.find(Criteria.where("_id").in(appointmentIds).and("patientId").is(patientId), Sort.by("_id"),
                appointmentIds.size()).stream().map(SurgeryCase::id).toList();
    }

    record AlertView(String id, String recallId, String patientId, String locationId, String manufacturer, String sku,
                     String lot, List<String> appointmentIds, Instant raisedAt, String status, String acknowledgedBy,
                     Instant acknowledgedAt, String acknowledgement, String resolvedBy, Instant resolvedAt,
                     String resolution) {
    }

    @Operation(summary = "The recall alerts on a patient's chart, newest first (audited)")
    @GetMapping("/api/records/v1/patients/{patientId}/recall-alerts")
    List<AlertView> ofPatient(@PathVariable String patientId) {
        access.open(patientId, "READ_RECALL_ALERTS", Section.CLINICAL);
        return alerts.find(Criteria.where("patientId").is(patientId), Sort.by(Sort.Direction.DESC, "raisedAt"), 500)
                .stream().map(this::view).toList();
    }

    record Decision(@NotBlank @Pattern(regexp = "ACKNOWLEDGED|RESOLVED", message = "must be ACKNOWLEDGED or RESOLVED")
                    String status, @NotBlank @Size(max = 5000) String note) {
        @Override
        public String toString() {
            return "Decision[" + status + ", note redacted]";
        }
    }

    @Operation(summary = "Acknowledge or resolve a recall alert with a note (providers and coordinators; audited)")
    @PostMapping("/api/records/v1/patients/{patientId}/recall-alerts/{alertId}/status")
    AlertView decide(@PathVariable String patientId, @PathVariable String alertId, @Valid @RequestBody Decision request) {
        access.open(patientId, "UPDATE_RECALL_ALERT", Section.CLINICAL_WRITE, alertId + " " + request.status());
        if (!DECIDERS.stream().anyMatch(Callers.current()::hasRole)) {
            throw ApiProblem.forbidden("A provider or a coordinator acknowledges and resolves recall alerts.");
        }
        alerts.find(alertId).filter(a -> a.value().patientId().equals(patientId))
                .orElseThrow(() -> ApiProblem.notFound("recall alert"));
        Instant now = clock.instant();
        String by = Callers.current().userId();
        String field = RecallAlert.ACKNOWLEDGED.equals(request.status()) ? ACK_FIELD : RESOLUTION_FIELD;
        String sealed = cipher.seal(request.note(), patientId, field);
        try {
            return view(alerts.modify(alertId, a -> TenantStore.Change.quietly(
                    RecallAlert.ACKNOWLEDGED.equals(request.status()) ? a.acknowledged(by, now, sealed)
                            : a.resolved(by, now, sealed))).value());
        } catch (RecallAlert.IllegalTransition illegal) {
            throw ApiProblem.conflict("recall-alert-status", illegal.getMessage());
        }
    }

    record WorkItem(String id, String recallId, String patientId, String firstName, String lastName, String locationId,
                    String manufacturer, String sku, String lot, List<String> appointmentIds, Instant raisedAt,
                    String status) {
    }

    @Operation(summary = "Recall alerts still to follow up (OPEN, or ACKNOWLEDGED) in your clinics, oldest first, paged; "
            + "each listed chart is audited like a search hit")
    @GetMapping("/api/records/v1/recall-alerts")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN','PROVIDER','NURSE')")
    Page<WorkItem> workList(@RequestParam(defaultValue = "OPEN") String status,
                            @RequestParam(required = false) String locationId,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        if (!Set.of(RecallAlert.OPEN, RecallAlert.ACKNOWLEDGED, RecallAlert.RESOLVED).contains(status)) {
            throw ApiProblem.invalid("status", "must be OPEN, ACKNOWLEDGED or RESOLVED");
        }
        Caller caller = Callers.current();
        Criteria criteria = Criteria.where("status").is(status);
        if (locationId != null) {
            if (!caller.worksAt(locationId) && !caller.hasRole("ADMIN")) {
                throw ApiProblem.invalid("locationId", "is not one of your clinics");
            }
            criteria = criteria.and("locationId").is(locationId);
        } else if (!caller.hasRole("ADMIN")) {
            criteria = criteria.and("locationId").in(caller.locations());
        }
        Page<RecallAlert> open = alerts.page(criteria, Sort.by("raisedAt"), paging);
        Map<String, Patient> names = patients.find(Criteria.where("_id").in(open.items().stream().map(RecallAlert::patientId)
                .distinct().toList()), Sort.by("_id"), Paging.MAX_SIZE).stream().collect(Collectors.toMap(Patient::id, Function.identity()));
        // a work list, not a chart read: the product, ids and the names the role sees in a search; the notes are on the chart
        return open.map(a -> {
            Patient p = names.get(a.patientId());
            access.record("LIST_RECALL_ALERTS", a.patientId(), "recall " + a.recallId());
            return new WorkItem(a.id(), a.recallId(), a.patientId(), p == null ? null : p.firstName(),
                    p == null ? null : p.lastName(), a.locationId(), a.manufacturer(), a.sku(), a.lot(),
                    a.appointmentIds(), a.raisedAt(), a.status());
        });
    }

    private AlertView view(Versioned<RecallAlert> alert) {
        return view(alert.value());
    }

    private AlertView view(RecallAlert a) {
        return new AlertView(a.id(), a.recallId(), a.patientId(), a.locationId(), a.manufacturer(), a.sku(), a.lot(),
                a.appointmentIds(), a.raisedAt(), a.status(), a.acknowledgedBy(), a.acknowledgedAt(),
                cipher.open(a.sealedAcknowledgement(), a.patientId(), ACK_FIELD), a.resolvedBy(), a.resolvedAt(),
                cipher.open(a.sealedResolution(), a.patientId(), RESOLUTION_FIELD));
    }
}
