package health.liaison.records.history;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.ETags;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import health.liaison.platform.privacy.FieldCipher;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The medical history, versioned: each intake is a new version (never an edit), sealed, with who recorded it and
 * when. A new version names the version it was based on (If-Match); when someone recorded one in between, 412.
 */
@RestController
@RequestMapping("/api/records/v1/patients/{patientId}/medical-history")
public class MedicalHistory {

    private static final String FIELD = "medical-history";

    private final TenantStore<HistoryVersion> versions;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final Clock clock;

    MedicalHistory(TenantStores stores, ChartAccess access, FieldCipher cipher, Clock clock) {
        this.versions = stores.of(HistoryVersion.class, "medical_histories", "medical history");
        this.access = access;
        this.cipher = cipher;
        this.clock = clock;
    }

    record HistoryView(int version, Intake intake, BigDecimal bmi, List<PreOpStopList.Advice> preOpStopList,
                       String recordedBy, Instant recordedAt) {
    }

    record VersionSummary(int version, String recordedBy, Instant recordedAt) {
    }

    @Operation(summary = "Record a new version of the medical history (If-Match: the version you based it on; none for the first)")
    @PostMapping
    ResponseEntity<HistoryView> record(@PathVariable String patientId, @Valid @RequestBody Intake intake,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Patient patient = access.open(patientId, "RECORD_HISTORY", Section.CLINICAL_WRITE).value();
        int latest = latest(patientId).map(HistoryVersion::version).orElse(0);
        if (latest > 0 && ifMatch == null) {
            throw ApiProblem.preconditionRequired();
        }
        int basedOn = ifMatch == null ? 0 : (int) ETags.expectedVersion(ifMatch);
        if (basedOn != latest) {
            throw ApiProblem.preconditionFailed("Version " + latest + " of this history was recorded since you read "
                    + "version " + basedOn + ". Read it again and reapply your change.");
        }
        int next = latest + 1;
        HistoryVersion version = new HistoryVersion(patientId + ":" + next, patientId, next,
                cipher.sealJson(intake, patientId, FIELD), Callers.current().userId(), clock.instant());
        try {
            versions.insert(version, List.of(), patient.locationId());
        } catch (DuplicateKeyException e) {
            throw ApiProblem.preconditionFailed("Someone recorded version " + next + " at the same moment. Read it and reapply your change.");
        }
        return ResponseEntity.status(HttpStatus.CREATED).eTag(ETags.of(next)).body(view(version));
    }

    @Operation(summary = "The current medical history with BMI and the pre-op medication stop list (audited)")
    @GetMapping
    ResponseEntity<HistoryView> current(@PathVariable String patientId) {
        access.open(patientId, "READ_HISTORY", Section.CLINICAL);
        HistoryVersion version = latest(patientId).orElseThrow(() -> ApiProblem.notFound("medical history"));
        return ResponseEntity.ok().eTag(ETags.of(version.version())).body(view(version));
    }

    @Operation(summary = "Who recorded each version and when")
    @GetMapping("/versions")
    List<VersionSummary> versions(@PathVariable String patientId) {
        access.open(patientId, "READ_HISTORY_VERSIONS", Section.CLINICAL);
        return versions.find(Criteria.where("patientId").is(patientId), Sort.by("version"), 1000).stream()
                .map(v -> new VersionSummary(v.version(), v.recordedBy(), v.recordedAt())).toList();
    }

    @Operation(summary = "One earlier version of the medical history (audited)")
    @GetMapping("/versions/{version}")
    HistoryView version(@PathVariable String patientId, @PathVariable int version) {
        access.open(patientId, "READ_HISTORY", Section.CLINICAL, "version " + version);
        return view(versions.find(patientId + ":" + version).orElseThrow(() -> ApiProblem.notFound("history version")).value());
    }

    /** The current intake of a chart the caller already opened (e.g. for the export). */
    public Optional<Intake> currentIntake(String patientId) {
        return latest(patientId).map(v -> cipher.openJson(v.sealedIntake(), Intake.class, patientId, FIELD));
    }

    Optional<HistoryVersion> latest(String patientId) {
        return versions.find(Criteria.where("patientId").is(patientId), Sort.by(Sort.Direction.DESC, "version"), 1)
                .stream().findFirst();
    }

    private HistoryView view(HistoryVersion version) {
        Intake intake = cipher.openJson(version.sealedIntake(), Intake.class, version.patientId(), FIELD);
        return new HistoryView(version.version(), intake, bmi(intake), PreOpStopList.of(intake.medications()),
                version.recordedBy(), version.recordedAt());
    }

    static BigDecimal bmi(Intake intake) {
        if (intake.heightCm() == null || intake.weightKg() == null) {
            return null;
        }
        BigDecimal metres = intake.heightCm().movePointLeft(2);
        return intake.weightKg().divide(metres.multiply(metres), 1, RoundingMode.HALF_UP);
    }
}
