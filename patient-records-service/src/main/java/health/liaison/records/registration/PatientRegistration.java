package health.liaison.records.registration;

import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/** Opening a chart: the patient is stored and PatientRegistered (ids only) is published in the same write. */
@RestController
@RequestMapping("/api/records/v1/patients")
class PatientRegistration {

    private final TenantStore<Patient> patients;
    private final IdempotentRequests idempotency;
    private final Clock clock;

    PatientRegistration(TenantStores stores, IdempotentRequests idempotency, Clock clock) {
        this.patients = stores.of(Patient.class, "patients", "patient");
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Operation(summary = "Register a patient at one of your clinics; honours Idempotency-Key")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<PatientView> register(@Valid @RequestBody RegisterPatient request,
                                         @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        if (!Callers.current().worksAt(request.locationId())) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        IdempotentRequests.Outcome outcome = idempotency.run("patient-registration", key, request.toString(), id -> {
            Patient patient = new Patient(id, request.locationId(), request.firstName(), request.lastName(),
                    request.dateOfBirth(), request.email(), request.phone(),
                    request.preferredLanguage() == null ? "en" : request.preferredLanguage());
            patients.insert(patient, List.of(new PatientRegistered(id, request.locationId(), clock.instant())), request.locationId());
            return id;
        });
        Versioned<Patient> patient = patients.get(outcome.resourceId());
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/records/v1/patients/" + outcome.resourceId()))
                .eTag(patient.etag())
                .body(PatientView.of(patient.value()));
    }

    @Operation(summary = "Read a patient's demographics")
    @GetMapping("/{patientId}")
    ResponseEntity<PatientView> read(@PathVariable String patientId) {
        Versioned<Patient> patient = patients.get(patientId);
        return ResponseEntity.ok().eTag(patient.etag()).body(PatientView.of(patient.value()));
    }
}
