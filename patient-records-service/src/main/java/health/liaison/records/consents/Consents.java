package health.liaison.records.consents;

import health.liaison.platform.events.records.ConsentRevoked;
import health.liaison.platform.events.records.ConsentSigned;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import health.liaison.platform.privacy.FieldCipher;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Consent forms and signatures. Templates are versioned per consent type; a signature names the template version
 * and repeats the SHA-256 of the exact text the patient was shown, which must match the template's. A signature on
 * an older version does not count for "missing": when the form changes, the patient signs again.
 */
@RestController
public class Consents {

    public static final String PHOTOGRAPHY = "photography";
    private static final String SIGNER = "consent-signer";
    private static final String REVOCATION_REASON = "consent-revocation-reason";

    private final TenantStore<ConsentTemplate> templates;
    private final TenantStore<SignedConsent> consents;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final IdempotentRequests idempotency;
    private final Clock clock;

    Consents(TenantStores stores, ChartAccess access, FieldCipher cipher,
             IdempotentRequests idempotency, Clock clock) {
        this.templates = stores.of(ConsentTemplate.class, "consent_templates", "consent template");
        this.consents = stores.of(SignedConsent.class, "consents", "consent");
        this.access = access;
        this.cipher = cipher;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    record PublishTemplate(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String consentType,
                           @NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 100_000) String text) {
    }

    @Operation(summary = "Publish a new version of a consent form (per procedure type, or \"photography\")")
    @PostMapping("/api/records/v1/consent-templates")
    @PreAuthorize("hasAnyRole('ADMIN','PROVIDER')")
    ResponseEntity<ConsentTemplate> publish(@Valid @RequestBody PublishTemplate request) {
        for (int attempt = 0; attempt < 10; attempt++) {
            int next = current(request.consentType()).map(ConsentTemplate::version).orElse(0) + 1;
            ConsentTemplate template = new ConsentTemplate(request.consentType() + "-v" + next, request.consentType(), next,
                    request.title(), request.text(), sha256(request.text()), Callers.current().userId(), clock.instant());
            try {
                templates.insert(template, List.of(), null);
                return ResponseEntity.status(HttpStatus.CREATED).body(template);
            } catch (DuplicateKeyException raced) {
                // another author published the same number: take the next one
            }
        }
        throw ApiProblem.conflict("template-contended", "Too many versions published at once; try again.");
    }

    @Operation(summary = "Consent form versions, newest first; optionally of one type")
    @GetMapping("/api/records/v1/consent-templates")
    List<ConsentTemplate> templates(@RequestParam(required = false) String consentType) {
        Criteria criteria = consentType == null ? new Criteria() : Criteria.where("consentType").is(consentType);
        return templates.find(criteria, Sort.by(Sort.Direction.DESC, "consentType", "version"), 500);
    }

    record Sign(@NotBlank @Size(max = 100) String templateId,
                @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be the SHA-256 (hex) of the text shown to the signer") String textSha256,
                @NotBlank @Size(max = 200) String signerName,
                @Pattern(regexp = "SELF|PARENT|GUARDIAN|HEALTHCARE_PROXY", message = "must be SELF, PARENT, GUARDIAN or HEALTHCARE_PROXY") String signerRelationship) {
        @Override
        public String toString() {
            return "Sign[" + templateId + "]";
        }
    }

    public record ConsentView(String id, String consentType, String templateId, int templateVersion, String textSha256,
                       String signerName, String signerRelationship, Instant signedAt, String recordedBy,
                       String status, Instant revokedAt, String revokedBy, String revocationReason) {
    }

    @Operation(summary = "Record a patient's signature on a consent form version (honours Idempotency-Key)")
    @PostMapping("/api/records/v1/patients/{patientId}/consents")
    ResponseEntity<ConsentView> sign(@PathVariable String patientId, @Valid @RequestBody Sign request,
                                     @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        Patient patient = access.open(patientId, "SIGN_CONSENT", Section.CLINICAL, request.templateId()).value();
        ConsentTemplate template = templates.find(request.templateId())
                .orElseThrow(() -> ApiProblem.invalid("templateId", "is not a published consent form")).value();
        if (!template.textSha256().equals(request.textSha256())) {
            throw ApiProblem.invalid("textSha256", "does not match the text of " + template.id()
                    + ": the signer was shown another text. Show the current form and sign again.");
        }
        IdempotentRequests.Outcome outcome = idempotency.run("consent-signature", key,
                patientId + "|" + request.templateId() + "|" + request.textSha256() + "|" + request.signerName()
                        + "|" + request.signerRelationship(), id -> {
                    Instant now = clock.instant();
                    SignedConsent consent = new SignedConsent(id, patientId, template.consentType(), template.id(),
                            template.version(), template.textSha256(), cipher.seal(request.signerName(), patientId, SIGNER),
                            request.signerRelationship() == null ? "SELF" : request.signerRelationship(), now,
                            Callers.current().userId(), SignedConsent.SIGNED, null, null, null);
                    consents.insert(consent, List.of(new ConsentSigned(id, patientId, patient.locationId(),
                            template.consentType(), template.version(), now)), patient.locationId());
                    return id;
                });
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(view(consents.get(outcome.resourceId()).value()));
    }

    record Revoke(@NotBlank @Size(max = 500) String reason) {
    }

    @Operation(summary = "Revoke a signed consent, with the reason (sealed; shown to those who may read consents)")
    @PostMapping("/api/records/v1/patients/{patientId}/consents/{consentId}/revocation")
    ConsentView revoke(@PathVariable String patientId, @PathVariable String consentId, @Valid @RequestBody Revoke request) {
        Patient patient = access.open(patientId, "REVOKE_CONSENT", Section.CLINICAL, consentId).value();
        String by = Callers.current().userId();
        Instant now = clock.instant();
        consents.find(consentId).filter(c -> c.value().patientId().equals(patientId))
                .orElseThrow(() -> ApiProblem.notFound("consent"));
        return view(consents.modify(consentId, c -> SignedConsent.REVOKED.equals(c.status())
                ? TenantStore.Change.quietly(c)
                : TenantStore.Change.of(c.revoked(now, by, cipher.seal(request.reason(), patientId, REVOCATION_REASON)), List.of(new ConsentRevoked(consentId, patientId,
                patient.locationId(), c.consentType(), now)), patient.locationId())).value());
    }

    @Operation(summary = "The patient's signed and revoked consents (audited)")
    @GetMapping("/api/records/v1/patients/{patientId}/consents")
    List<ConsentView> list(@PathVariable String patientId) {
        access.open(patientId, "READ_CONSENTS", Section.CLINICAL);
        return signed(patientId, false).stream().map(this::view).toList();
    }

    public record Missing(String consentType, String templateId, int currentVersion, String reason) {
    }

    /** What consents a patient still lacks for the given consent types (current form versions). */
    public List<Missing> missingFor(String patientId, java.util.Collection<String> consentTypes) {
        Set<String> needed = new LinkedHashSet<>(consentTypes);
        List<SignedConsent> signed = signed(patientId, true);
        List<Missing> missing = new ArrayList<>();
        for (String type : needed) {
            Optional<ConsentTemplate> current = current(type);
            if (current.isEmpty()) {
                missing.add(new Missing(type, null, 0, "no consent form is published for this type"));
                continue;
            }
            ConsentTemplate form = current.get();
            boolean ok = signed.stream().anyMatch(c -> c.templateId().equals(form.id()));
            if (!ok) {
                boolean older = signed.stream().anyMatch(c -> c.consentType().equals(type));
                missing.add(new Missing(type, form.id(), form.version(),
                        older ? "signed an earlier version; the current form must be signed" : "not signed"));
            }
        }
        return missing;
    }

    /** Whether the patient has a signed, unrevoked consent of this type (any version): photos need one. */
    public boolean hasSigned(String patientId, String consentType) {
        return consents.count(Criteria.where("patientId").is(patientId).and("consentType").is(consentType)
                .and("status").is(SignedConsent.SIGNED)) > 0;
    }

    public List<SignedConsent> signed(String patientId, boolean activeOnly) {
        Criteria criteria = Criteria.where("patientId").is(patientId);
        if (activeOnly) {
            criteria = criteria.and("status").is(SignedConsent.SIGNED);
        }
        return consents.find(criteria, Sort.by("signedAt"), 1000);
    }

    private Optional<ConsentTemplate> current(String type) {
        return templates.find(Criteria.where("consentType").is(type), Sort.by(Sort.Direction.DESC, "version"), 1)
                .stream().findFirst();
    }

    public ConsentView view(SignedConsent c) {
        return new ConsentView(c.id(), c.consentType(), c.templateId(), c.templateVersion(), c.textSha256(),
                cipher.open(c.sealedSigner(), c.patientId(), SIGNER), c.signerRelationship(), c.signedAt(),
                c.recordedBy(), c.status(), c.revokedAt(), c.revokedBy(),
                cipher.open(c.sealedRevocationReason(), c.patientId(), REVOCATION_REASON));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
