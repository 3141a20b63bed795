package health.liaison.records.careplans;

import health.liaison.platform.events.records.CarePlanIssued;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import health.liaison.records.surgeries.SurgeryCase;
import health.liaison.records.surgeries.SurgeryCases;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pre-op and post-op instructions: templates per procedure type authored by the surgical team (versioned), and
 * issued to a patient for one surgery. Issuing publishes CarePlanIssued; the notification service sends the text.
 */
@RestController
class CarePlans {

    private final TenantStore<Template> templates;
    private final TenantStore<IssuedPlan> plans;
    private final ChartAccess access;
    private final SurgeryCases surgeries;
    private final IdempotentRequests idempotency;
    private final Clock clock;

    CarePlans(TenantStores stores, ChartAccess access, SurgeryCases surgeries, IdempotentRequests idempotency, Clock clock) {
        this.templates = stores.of(Template.class, "care_plan_templates", "care plan template");
        this.plans = stores.of(IssuedPlan.class, "care_plans", "care plan");
        this.access = access;
        this.surgeries = surgeries;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /** One version of the instructions for a procedure type and phase. Not patient data. */
    record Template(String id, String appointmentTypeId, String kind, int version, String title, String instructions,
                    String authoredBy, Instant authoredAt) {
    }

    /** Instructions issued to a patient for a surgery: which template version, by whom, when. */
    record IssuedPlan(String id, String patientId, String appointmentId, String kind, String templateId, int version,
                      String issuedBy, Instant issuedAt) {
    }

    record Author(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String appointmentTypeId,
                  @NotBlank @Pattern(regexp = "PRE_OP|POST_OP", message = "must be PRE_OP or POST_OP") String kind,
                  @NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 50_000) String instructions) {
    }

    @Operation(summary = "Author a new version of the pre-op or post-op instructions for a procedure type")
    @PostMapping("/api/records/v1/care-plan-templates")
    @PreAuthorize("hasAnyRole('PROVIDER','NURSE','ADMIN')")
    ResponseEntity<Template> author(@Valid @RequestBody Author request) {
        for (int attempt = 0; attempt < 10; attempt++) {
            int next = current(request.appointmentTypeId(), request.kind()).map(Template::version).orElse(0) + 1;
            Template template = new Template(request.appointmentTypeId() + "-" + request.kind().toLowerCase() + "-v" + next,
                    request.appointmentTypeId(), request.kind(), next, request.title(), request.instructions(),
                    Callers.current().userId(), clock.instant());
            try {
                templates.insert(template, List.of(), null);
                return ResponseEntity.status(HttpStatus.CREATED).body(template);
            } catch (DuplicateKeyException raced) {
                // another author took this version number
            }
        }
        throw ApiProblem.conflict("template-contended", "Too many versions authored at once; try again.");
    }

    @Operation(summary = "Instruction templates, newest version first")
    @GetMapping("/api/records/v1/care-plan-templates")
    List<Template> templates(@RequestParam(required = false) String appointmentTypeId) {
        Criteria criteria = appointmentTypeId == null ? new Criteria() : Criteria.where("appointmentTypeId").is(appointmentTypeId);
        return templates.find(criteria, Sort.by(Sort.Direction.DESC, "appointmentTypeId", "kind", "version"), 500);
    }

    record Issue(@NotBlank @Size(max = 64) String appointmentId,
                 @NotBlank @Pattern(regexp = "PRE_OP|POST_OP", message = "must be PRE_OP or POST_OP") String kind) {
    }

    record PlanView(String id, String appointmentId, String kind, String templateId, int version, String title,
                    String instructions, String issuedBy, Instant issuedAt) {
    }

    @Operation(summary = "Issue the current instructions for one of the patient's surgeries (honours Idempotency-Key)")
    @PostMapping("/api/records/v1/patients/{patientId}/care-plans")
    ResponseEntity<PlanView> issue(@PathVariable String patientId, @Valid @RequestBody Issue request,
                                   @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        Patient patient = access.open(patientId, "ISSUE_CARE_PLAN", Section.CLINICAL_WRITE, request.appointmentId()).value();
        SurgeryCase surgery = surgeries.find(request.appointmentId()).filter(s -> s.patientId().equals(patientId))
                .orElseThrow(() -> ApiProblem.invalid("appointmentId", "is not a booked surgery of this patient"));
        Template template = current(surgery.appointmentTypeId(), request.kind())
                .orElseThrow(() -> ApiProblem.unprocessable("no-care-plan-template", "No " + request.kind()
                        + " instructions are authored for " + surgery.appointmentTypeId() + " yet; author them first."));
        IdempotentRequests.Outcome outcome = idempotency.run("care-plan", key,
                patientId + "|" + request.appointmentId() + "|" + request.kind(), id -> {
                    Instant now = clock.instant();
                    plans.insert(new IssuedPlan(id, patientId, request.appointmentId(), request.kind(), template.id(),
                            template.version(), Callers.current().userId(), now), List.of(new CarePlanIssued(id, patientId,
                            patient.locationId(), request.appointmentId(), request.kind(), now)), patient.locationId());
                    return id;
                });
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(view(plans.get(outcome.resourceId()).value()));
    }

    @Operation(summary = "One issued care plan with its instructions (the notification service reads it to send it)")
    @GetMapping("/api/records/v1/patients/{patientId}/care-plans/{carePlanId}")
    PlanView one(@PathVariable String patientId, @PathVariable String carePlanId) {
        access.open(patientId, "READ_CARE_PLAN", Section.CARE_PLAN, carePlanId);
        return plans.find(carePlanId).filter(p -> p.value().patientId().equals(patientId)).map(p -> view(p.value()))
                .orElseThrow(() -> ApiProblem.notFound("care plan"));
    }

    @Operation(summary = "Care plans issued to the patient")
    @GetMapping("/api/records/v1/patients/{patientId}/care-plans")
    List<PlanView> list(@PathVariable String patientId) {
        access.open(patientId, "READ_CARE_PLAN", Section.CLINICAL);
        return plans.find(Criteria.where("patientId").is(patientId), Sort.by("issuedAt"), 200).stream().map(this::view).toList();
    }

    private PlanView view(IssuedPlan plan) {
        Template template = templates.find(plan.templateId()).map(v -> v.value()).orElse(null);
        return new PlanView(plan.id(), plan.appointmentId(), plan.kind(), plan.templateId(), plan.version(),
                template == null ? null : template.title(), template == null ? null : template.instructions(),
                plan.issuedBy(), plan.issuedAt());
    }

    private Optional<Template> current(String type, String kind) {
        return templates.find(Criteria.where("appointmentTypeId").is(type).and("kind").is(kind),
                Sort.by(Sort.Direction.DESC, "version"), 1).stream().findFirst();
    }
}
