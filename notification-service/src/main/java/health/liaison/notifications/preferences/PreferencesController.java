package health.liaison.notifications.preferences;

import health.liaison.platform.store.Versioned;
import health.liaison.notifications.patients.KnownPatients;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** A patient's consent per channel, care and marketing apart; changed with If-Match so a stale form cannot overwrite. */
@RestController
class PreferencesController {

    private final PatientPreferences preferences;
    private final KnownPatients patients;
    private final Clock clock;

    PreferencesController(PatientPreferences preferences, KnownPatients patients, Clock clock) {
        this.preferences = preferences;
        this.patients = patients;
        this.clock = clock;
    }

    /** An id the practice group does not have (another group's included) is 404, on reads and writes alike. */
    private void requireKnown(String patientId) {
        if (!patients.exists(patientId) && !preferences.stored(patientId)) {
            throw ApiProblem.notFound("patient");
        }
    }

    @Operation(summary = "A patient's notification preferences and consent")
    @GetMapping("/api/notifications/v1/patients/{patientId}/preferences")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    ResponseEntity<PreferencesView> get(@PathVariable String patientId) {
        requireKnown(patientId);
        Versioned<Preferences> current = preferences.versioned(patientId);
        return ResponseEntity.ok().eTag(current.etag()).body(PreferencesView.of(current.value()));
    }

    @Operation(summary = "Change a patient's notification preferences (If-Match: the ETag read; \"0\" before the first change)")
    @PutMapping("/api/notifications/v1/patients/{patientId}/preferences")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    ResponseEntity<PreferencesView> put(@PathVariable String patientId, @Valid @RequestBody ChangePreferences change,
                                        @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        requireKnown(patientId);
        long expected = ETags.expectedVersion(ifMatch);
        Preferences next = new Preferences(patientId, patientId, change.email().care(), change.email().marketing(),
                change.sms().care(), change.sms().marketing(), clock.instant());
        Versioned<Preferences> saved = preferences.save(next, expected, change.locationId());
        return ResponseEntity.ok().eTag(saved.etag()).body(PreferencesView.of(saved.value()));
    }

    record Consent(@NotNull Boolean care, @NotNull Boolean marketing) {
    }

    record ChangePreferences(@NotBlank String locationId, @NotNull @Valid Consent email, @NotNull @Valid Consent sms) {
    }

    record PreferencesView(String patientId, Consent email, Consent sms) {
        static PreferencesView of(Preferences p) {
            return new PreferencesView(p.patientId(), new Consent(p.emailCare(), p.emailMarketing()),
                    new Consent(p.smsCare(), p.smsMarketing()));
        }
    }
}
