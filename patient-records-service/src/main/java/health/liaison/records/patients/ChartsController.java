package health.liaison.records.patients;

import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.ETags;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.records.access.BreakGlassGrant;
import health.liaison.records.access.ChartAccess;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/** The chart header: register, read, correct, search, merge, break the glass. */
@RestController
@RequestMapping("/api/records/v1/patients")
class ChartsController {

    private final Charts charts;
    private final ChartAccess access;
    private final IdempotentRequests idempotency;
    private final tools.jackson.databind.json.JsonMapper json;

    ChartsController(Charts charts, ChartAccess access, IdempotentRequests idempotency,
                     tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.charts = charts;
        this.access = access;
        this.idempotency = idempotency;
    }

    @Operation(summary = "Register a patient at one of your clinics (duplicate check; honours Idempotency-Key)")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<PatientView> register(@Valid @RequestBody PatientDetails request,
                                         @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        if (!Callers.current().worksAt(request.locationId())) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        request.dateOfBirthChecked();
        List<String>[] warnings = new List[]{List.of()};
        IdempotentRequests.Outcome outcome = idempotency.run("patient-registration", key,
                json.writeValueAsString(request),
                id -> {
                    Charts.Registered registered = charts.register(id, request);
                    warnings[0] = registered.possibleDuplicates();
                    return registered.id();
                });
        Versioned<PatientView> view = charts.viewAfterWrite(outcome.resourceId(), warnings[0].isEmpty() ? null : warnings[0]);
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/records/v1/patients/" + outcome.resourceId()))
                .eTag(view.etag()).body(view.value());
    }

    @Operation(summary = "Read a patient's demographics and contact details (audited)")
    @GetMapping("/{patientId}")
    ResponseEntity<PatientView> read(@PathVariable String patientId) {
        Versioned<PatientView> view = charts.read(patientId);
        return ResponseEntity.ok().eTag(view.etag()).body(view.value());
    }

    @Operation(summary = "Correct demographics and contact details; If-Match with the ETag you read is required")
    @PutMapping("/{patientId}")
    ResponseEntity<PatientView> update(@PathVariable String patientId, @Valid @RequestBody PatientDetails request,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        long expected = ETags.expectedVersion(ifMatch);
        charts.update(patientId, expected, request);
        Versioned<PatientView> view = charts.viewAfterWrite(patientId, null);
        return ResponseEntity.ok().eTag(view.etag()).body(view.value());
    }

    @Operation(summary = "Search by query parameters (deprecated: a name, phone, email or SSN in a URL ends up in "
            + "logs and histories; use POST /api/records/v1/patients/search)", deprecated = true)
    @Deprecated
    @GetMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN','BILLING')")
    List<PatientView> search(@RequestParam(required = false) String name,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateOfBirth,
                             @RequestParam(required = false) String phone, @RequestParam(required = false) String email,
                             @RequestParam(required = false) String ssn,
                             @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return charts.search(name, dateOfBirth, phone, email, ssn, new Paging(page, size)).items();
    }

    record SearchRequest(@Size(max = 120) String name, LocalDate dateOfBirth, @Size(max = 40) String phone,
                         @Size(max = 254) String email, @Size(max = 20) String ssn, Integer page, Integer size) {
        @Override
        public String toString() {
            return "SearchRequest[page=" + page + ", size=" + size + "]";
        }
    }

    @Operation(summary = "Search your practice group's charts by name prefix (accents and case folded), date of birth, "
            + "phone, email or SSN; the criteria travel in the body, never in a URL; paged (each hit audited)")
    @PostMapping("/search")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN','BILLING')")
    Page<PatientView> find(@Valid @RequestBody SearchRequest request) {
        Paging paging = Paging.of(request.page(), request.size());
        return charts.search(request.name(), request.dateOfBirth(), request.phone(), request.email(), request.ssn(), paging);
    }

    record SummariesRequest(@NotNull @Size(max = 200) List<@NotBlank @Size(max = 64) String> ids) {
    }

    record Summaries(List<PatientSummary> items) {
    }

    @Operation(summary = "Name, date of birth and clinic of up to 200 charts by id (for lists such as a day sheet); "
            + "ids you may not see are left out; each chart read is audited")
    @PostMapping("/summaries")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN','BILLING','PATIENT','SERVICE')")
    Summaries summaries(@Valid @RequestBody SummariesRequest request) {
        return new Summaries(charts.summaries(request.ids()));
    }

    record MergeRequest(@NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String duplicatePatientId) {
    }

    @Operation(summary = "Merge a duplicate chart into this one; PatientsMerged tells other services")
    @PostMapping("/{patientId}/merges")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    ResponseEntity<PatientView> merge(@PathVariable String patientId, @Valid @RequestBody MergeRequest request) {
        charts.merge(patientId, request.duplicatePatientId());
        return ResponseEntity.ok(charts.viewAfterWrite(patientId, null).value());
    }

    record BreakGlassRequest(@NotBlank @Size(min = 10, max = 500) String reason) {
    }

    @Operation(summary = "Open a chart of a clinic you do not work at, for a limited time, giving your reason (audited)")
    @PostMapping("/{patientId}/break-glass")
    ResponseEntity<BreakGlassGrant.View> breakGlass(@PathVariable String patientId, @Valid @RequestBody BreakGlassRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(access.breakGlass(patientId, request.reason()));
    }
}
