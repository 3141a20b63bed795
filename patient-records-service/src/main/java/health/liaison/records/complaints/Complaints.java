package health.liaison.records.complaints;

import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.events.records.ComplaintResolved;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Concerns and complaints with an owner and a due date from the category's service level (clinical 1 business
 * day, billing 5, scheduling and service 3), their resolution, and post-visit satisfaction scores.
 */
@RestController
class Complaints {

    static final Map<String, Integer> SLA_DAYS = Map.of("CLINICAL", 1, "BILLING", 5, "SCHEDULING", 3, "SERVICE", 3, "PRIVACY", 1);
    private static final String FIELD = "complaint";

    private final TenantStore<Complaint> complaints;
    private final TenantStore<Satisfaction> answers;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final Clock clock;

    Complaints(TenantStores stores, ChartAccess access, FieldCipher cipher, Clock clock) {
        this.complaints = stores.of(Complaint.class, "complaints", "complaint");
        this.answers = stores.of(Satisfaction.class, "satisfaction", "satisfaction answer");
        this.access = access;
        this.cipher = cipher;
        this.clock = clock;
    }

    record Open(@NotBlank @Pattern(regexp = "CLINICAL|BILLING|SCHEDULING|SERVICE|PRIVACY",
            message = "must be CLINICAL, BILLING, SCHEDULING, SERVICE or PRIVACY") String category,
                @NotBlank @Size(max = 5000) String description, @Size(max = 100) String ownerId) {
        @Override
        public String toString() {
            return "Open[" + category + "]";
        }
    }

    record ComplaintView(String id, String patientId, String locationId, String category, String description,
                         String ownerId, LocalDate dueOn, boolean overdue, String status, Instant openedAt,
                         String openedBy, String resolution, Instant resolvedAt, String resolvedBy) {
    }

    @Operation(summary = "Log a patient's concern or complaint; its due date follows the category's service level")
    @PostMapping("/api/records/v1/patients/{patientId}/complaints")
    ResponseEntity<ComplaintView> open(@PathVariable String patientId, @Valid @RequestBody Open request) {
        Patient patient = access.open(patientId, "OPEN_COMPLAINT", Section.DEMOGRAPHICS_WRITE).value();
        Instant now = clock.instant();
        LocalDate due = addBusinessDays(now.atZone(ZoneOffset.UTC).toLocalDate(), SLA_DAYS.get(request.category()));
        String id = UUID.randomUUID().toString();
        String owner = request.ownerId() == null ? Callers.current().userId() : request.ownerId();
        Complaint complaint = new Complaint(id, patientId, patient.locationId(), request.category(),
                cipher.seal(request.description(), patientId, FIELD), owner, due, "OPEN", now, Callers.current().userId(),
                null, null, null);
        complaints.insert(complaint, List.of(new ComplaintOpened(id, patientId, patient.locationId(), request.category(), due, now)),
                patient.locationId());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(complaint));
    }

    record Resolve(@NotBlank @Size(max = 5000) String resolution) {
    }

    @Operation(summary = "Resolve a complaint with what was done")
    @PostMapping("/api/records/v1/patients/{patientId}/complaints/{complaintId}/resolution")
    ComplaintView resolve(@PathVariable String patientId, @PathVariable String complaintId, @Valid @RequestBody Resolve request) {
        access.open(patientId, "RESOLVE_COMPLAINT", Section.DEMOGRAPHICS_WRITE, complaintId);
        complaints.find(complaintId).filter(c -> c.value().patientId().equals(patientId)).orElseThrow(() -> ApiProblem.notFound("complaint"));
        Instant now = clock.instant();
        String by = Callers.current().userId();
        return view(complaints.modify(complaintId, c -> {
            if ("RESOLVED".equals(c.status())) {
                throw ApiProblem.conflict("complaint-resolved", "This complaint was already resolved on " + c.resolvedAt());
            }
            Complaint resolved = new Complaint(c.id(), c.patientId(), c.locationId(), c.category(), c.sealedDescription(),
                    c.ownerId(), c.dueOn(), "RESOLVED", c.openedAt(), c.openedBy(),
                    cipher.seal(request.resolution(), patientId, FIELD), now, by);
            return TenantStore.Change.of(resolved, List.of(new ComplaintResolved(c.id(), c.patientId(), c.locationId(),
                    c.category(), now)), c.locationId());
        }).value());
    }

    @Operation(summary = "Open complaints of your clinics (or one clinic), oldest due first, with overdue ones marked; paged")
    @GetMapping("/api/records/v1/complaints")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN','PROVIDER','NURSE','BILLING')")
    Page<ComplaintView> openComplaints(@RequestParam(required = false) String locationId,
                                       @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        var caller = Callers.current();
        Criteria criteria = Criteria.where("status").is("OPEN");
        if (locationId != null) {
            if (!caller.worksAt(locationId) && !caller.hasRole("ADMIN")) {
                throw ApiProblem.invalid("locationId", "is not one of your clinics");
            }
            criteria = criteria.and("locationId").is(locationId);
        } else if (!caller.hasRole("ADMIN")) {
            criteria = criteria.and("locationId").in(caller.locations());
        }
        Page<Complaint> open = complaints.page(criteria, Sort.by("dueOn", "openedAt"), paging);
        // a work list, not a chart read: categories, dates and owners only; the text is read on the chart
        return open.map(c -> new ComplaintView(c.id(), c.patientId(), c.locationId(), c.category(), null,
                c.ownerId(), c.dueOn(), overdue(c), c.status(), c.openedAt(), c.openedBy(), null, null, null));
    }

    @Operation(summary = "The patient's complaints (audited)")
    @GetMapping("/api/records/v1/patients/{patientId}/complaints")
    List<ComplaintView> ofPatient(@PathVariable String patientId) {
        access.open(patientId, "READ_COMPLAINTS", Section.DEMOGRAPHICS);
        return complaints.find(Criteria.where("patientId").is(patientId), Sort.by("openedAt"), 200).stream().map(this::view).toList();
    }

    record Answer(@NotBlank @Size(max = 64) String appointmentId, @Min(0) @Max(10) int score, @Size(max = 2000) String comment) {
    }

    @Operation(summary = "Record a post-visit satisfaction score (0–10), once per visit")
    @PostMapping("/api/records/v1/patients/{patientId}/satisfaction")
    ResponseEntity<Map<String, Object>> satisfaction(@PathVariable String patientId, @Valid @RequestBody Answer request) {
        Patient patient = access.open(patientId, "RECORD_SATISFACTION", Section.DEMOGRAPHICS_WRITE, request.appointmentId()).value();
        try {
            answers.insert(new Satisfaction(patientId + ":" + request.appointmentId(), patientId, patient.locationId(),
                    request.appointmentId(), request.score(), cipher.seal(request.comment(), patientId, "satisfaction"),
                    clock.instant()), List.of(), patient.locationId());
        } catch (DuplicateKeyException answered) {
            throw ApiProblem.conflict("already-answered", "This visit already has a satisfaction answer.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("appointmentId", request.appointmentId(), "score", request.score()));
    }

    record SatisfactionSummary(String locationId, long answers, BigDecimal averageScore, long promoters, long detractors,
                               BigDecimal netPromoterScore) {
    }

    @Operation(summary = "Satisfaction per clinic: average and net promoter score")
    @GetMapping("/api/records/v1/satisfaction/summary")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    SatisfactionSummary summary(@RequestParam String locationId) {
        List<Satisfaction> all = answers.find(Criteria.where("locationId").is(locationId), Sort.by("answeredAt"), 100_000);
        long n = all.size();
        if (n == 0) {
            return new SatisfactionSummary(locationId, 0, null, 0, 0, null);
        }
        long sum = all.stream().mapToLong(Satisfaction::score).sum();
        long promoters = all.stream().filter(a -> a.score() >= 9).count();
        long detractors = all.stream().filter(a -> a.score() <= 6).count();
        return new SatisfactionSummary(locationId, n, BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP),
                promoters, detractors, BigDecimal.valueOf((promoters - detractors) * 100).divide(BigDecimal.valueOf(n), 0, RoundingMode.HALF_UP));
    }

    private boolean overdue(Complaint c) {
        return "OPEN".equals(c.status()) && clock.instant().atZone(ZoneOffset.UTC).toLocalDate().isAfter(c.dueOn());
    }

    private ComplaintView view(Complaint c) {
        return new ComplaintView(c.id(), c.patientId(), c.locationId(), c.category(),
                cipher.open(c.sealedDescription(), c.patientId(), FIELD), c.ownerId(), c.dueOn(), overdue(c), c.status(),
                c.openedAt(), c.openedBy(), cipher.open(c.sealedResolution(), c.patientId(), FIELD), c.resolvedAt(), c.resolvedBy());
    }

    static LocalDate addBusinessDays(LocalDate from, int days) {
        LocalDate date = from;
        int added = 0;
        while (added < days) {
            date = date.plusDays(1);
            if (date.getDayOfWeek().getValue() <= 5) {
                added++;
            }
        }
        return date;
    }
}
