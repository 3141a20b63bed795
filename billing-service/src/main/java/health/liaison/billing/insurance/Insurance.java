package health.liaison.billing.insurance;

import health.liaison.billing.invoices.Invoice;
import health.liaison.billing.invoices.Invoices;
import health.liaison.billing.money.Amounts;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.billing.ClaimDenied;
import health.liaison.platform.events.billing.ClaimPaid;
import health.liaison.platform.events.billing.ClaimSubmitted;
import health.liaison.platform.events.billing.PriorAuthorizationDecided;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Insurance for medically necessary and reconstructive cases: coverage, eligibility (270 out, 271 in), prior
 * authorization, claims (837P out) and remittances (835 in, posted to the claim and its invoice in the ledger).
 * Billing keeps no clearinghouse connection: the 270 and 837P are handed to the practice's clearinghouse, whose
 * 271 and 835 come back through these endpoints.
 */
@RestController
@PreAuthorize("hasAnyRole('BILLING','ADMIN','COORDINATOR')")
class Insurance {

    private static final MediaType X12_TYPE = MediaType.parseMediaType("application/edi-x12");

    private final TenantStore<Coverage> coverages;
    private final TenantStore<Claim> claims;
    private final TenantStore<PriorAuthorization> authorizations;
    private final Invoices invoices;
    private final FieldCipher cipher;
    private final ClinicZones clinics;
    private final Clock clock;
    private final String senderId;

    Insurance(TenantStores stores, Invoices invoices, FieldCipher cipher, ClinicZones clinics, Clock clock,
              @Value("${liaison.billing.x12.sender-id:LIAISON}") String senderId) {
        this.coverages = stores.of(Coverage.class, "coverages", "coverage");
        this.claims = stores.of(Claim.class, "claims", "claim");
        this.authorizations = stores.of(PriorAuthorization.class, "prior_authorizations", "prior authorization");
        this.invoices = invoices;
        this.cipher = cipher;
        this.clinics = clinics;
        this.clock = clock;
        this.senderId = senderId;
    }

    record Subscriber(@NotBlank @Size(max = 60) String firstName, @NotBlank @Size(max = 60) String lastName,
                      @NotNull @Past LocalDate dateOfBirth, @Pattern(regexp = "F|M|U", message = "must be F, M or U") String gender,
                      @NotBlank @Size(max = 55) String line1, @NotBlank @Size(max = 30) String city,
                      @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter state code") String state,
                      @NotBlank @Pattern(regexp = "[0-9]{5}([0-9]{4})?", message = "must be a ZIP code") String postalCode) {
        Transactions.Person person() {
            return new Transactions.Person(firstName, lastName, dateOfBirth, gender, line1, city, state, postalCode);
        }

        @Override
        public String toString() {
            return "Subscriber[redacted]";
        }
    }

    record AddCoverage(@NotBlank @Size(max = 80) String payerId, @NotBlank @Size(max = 60) String payerName,
                       @Size(max = 60) String planName, @Size(max = 30) String groupNumber,
                       @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{3,30}", message = "must be 3-30 letters, digits or dashes") String memberId,
                       @NotNull @Pattern(regexp = "SELF|SPOUSE|CHILD|OTHER", message = "must be SELF, SPOUSE, CHILD or OTHER") String relation,
                       @NotNull @Valid Subscriber subscriber) {
        @Override
        public String toString() {
            return "AddCoverage[" + payerId + "]";
        }
    }

    record CoverageView(String id, String patientId, String payerId, String payerName, String planName, String groupNumber,
                        String relation, String memberId, Transactions.Eligibility eligibility, Instant eligibilityCheckedAt) {
        static CoverageView of(Coverage c) {
            return new CoverageView(c.id(), c.patientId(), c.payerId(), c.payerName(), c.planName(), c.groupNumber(), c.relation(),
                    "****" + c.memberIdLast4(), c.eligibility(), c.eligibilityCheckedAt());
        }
    }

    @Operation(summary = "Record a patient's insurance coverage (the member id is stored sealed)")
    @PostMapping("/api/billing/v1/patients/{patientId}/coverages")
    ResponseEntity<CoverageView> addCoverage(@PathVariable String patientId, @Valid @RequestBody AddCoverage request) {
        String id = UUID.randomUUID().toString();
        String member = request.memberId().toUpperCase();
        Coverage coverage = new Coverage(id, patientId, request.payerId(), request.payerName(), request.planName(), request.groupNumber(),
                request.relation(), cipher.seal(member, id, "member-id"), member.substring(Math.max(0, member.length() - 4)),
                cipher.blindIndex("member-id", member), cipher.sealJson(request.subscriber().person(), id, "subscriber"), null, null,
                clock.instant());
        coverages.insert(coverage, List.of(), null);
        return ResponseEntity.status(HttpStatus.CREATED).body(CoverageView.of(coverage));
    }

    @Operation(summary = "A patient's coverages (member ids masked)")
    @GetMapping("/api/billing/v1/patients/{patientId}/coverages")
    List<CoverageView> coveragesOf(@PathVariable String patientId) {
        List<Coverage> held = coverages.find(Criteria.where("patientId").is(patientId), Sort.by("createdAt"), 50);
        // billing knows a patient by the coverages and invoices it holds: an id without either (another group's
        // included) is 404, the ledger's answer, never an empty list that would let a caller probe ids
        if (held.isEmpty() && invoices.ofPatient(patientId).isEmpty()) {
            throw ApiProblem.notFound("patient");
        }
        return held.stream().map(CoverageView::of).toList();
    }

    record Practice(@NotBlank @Size(max = 60) String name, @NotBlank @Pattern(regexp = "[0-9]{10}", message = "must be a 10-digit NPI") String npi,
                    @NotBlank @Pattern(regexp = "[0-9]{9}", message = "must be a 9-digit tax id") String taxId,
                    @Size(max = 55) String line1, @Size(max = 30) String city, @Pattern(regexp = "[A-Z]{2}") String state,
                    @Pattern(regexp = "[0-9]{5}([0-9]{4})?") String postalCode) {
        Transactions.Provider provider() {
            return new Transactions.Provider(name, npi, taxId, line1, city, state, postalCode);
        }
    }

    @Operation(summary = "Build the X12 270 eligibility inquiry for a coverage (for the clearinghouse)")
    @PostMapping(value = "/api/billing/v1/coverages/{coverageId}/eligibility-inquiry", produces = "application/edi-x12")
    ResponseEntity<String> inquiry(@PathVariable String coverageId, @Valid @RequestBody Practice practice) {
        Coverage c = coverages.get(coverageId).value();
        Transactions.Person subscriber = cipher.openJson(c.sealedSubscriber(), Transactions.Person.class, c.id(), "subscriber");
        String trace = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        String x12 = Transactions.eligibility270(practice.provider(), subscriber, cipher.open(c.sealedMemberId(), c.id(), "member-id"),
                c.payerName(), c.payerId(), trace, parties(c.payerId()), now());
        return ResponseEntity.ok().contentType(X12_TYPE).body(x12);
    }

    @Operation(summary = "Post the payer's X12 271 eligibility response to the coverage")
    @PostMapping(value = "/api/billing/v1/coverages/{coverageId}/eligibility-response",
            consumes = {"application/edi-x12", "text/plain"})
    CoverageView eligibility(@PathVariable String coverageId, @RequestBody String x12) {
        Transactions.Eligibility eligibility = Transactions.read271(x12);
        Instant now = clock.instant();
        return CoverageView.of(coverages.modify(coverageId, c -> TenantStore.Change.quietly(new Coverage(c.id(), c.patientId(), c.payerId(),
                c.payerName(), eligibility.planName() == null ? c.planName() : eligibility.planName(), c.groupNumber(), c.relation(),
                c.sealedMemberId(), c.memberIdLast4(), c.memberIndex(), c.sealedSubscriber(), eligibility, now, c.createdAt()))).value());
    }

    record RequestAuthorization(@NotBlank String patientId, @NotBlank String coverageId, @NotBlank String locationId,
                                @Size(max = 64) String appointmentId,
                                @NotEmpty @Size(max = 20) List<@Pattern(regexp = "[0-9A-Z]{5}", message = "must be a CPT code") String> cptCodes) {
    }

    @Operation(summary = "Request prior authorization for a procedure")
    @PostMapping("/api/billing/v1/prior-authorizations")
    ResponseEntity<PriorAuthorization> requestAuthorization(@Valid @RequestBody RequestAuthorization request) {
        coverages.find(request.coverageId()).filter(c -> c.value().patientId().equals(request.patientId()))
                .orElseThrow(() -> ApiProblem.invalid("coverageId", "is not a coverage of this patient"));
        PriorAuthorization auth = new PriorAuthorization(UUID.randomUUID().toString(), request.patientId(), request.coverageId(),
                request.locationId(), request.appointmentId(), request.cptCodes(), "REQUESTED", null, null, null, List.of(),
                clock.instant(), null);
        authorizations.insert(auth, List.of(), request.locationId());
        return ResponseEntity.status(HttpStatus.CREATED).body(auth);
    }

    record Decide(@NotNull @Pattern(regexp = "APPROVED|DENIED", message = "must be APPROVED or DENIED") String decision,
                  @Size(max = 50) String authorizationNumber, LocalDate validFrom, LocalDate validTo,
                  @Size(max = 20) List<String> approvedCptCodes) {
    }

    @Operation(summary = "Record the payer's decision on a prior authorization")
    @PostMapping("/api/billing/v1/prior-authorizations/{authorizationId}/decision")
    PriorAuthorization decide(@PathVariable String authorizationId, @Valid @RequestBody Decide request) {
        if ("APPROVED".equals(request.decision())) {
            if (request.authorizationNumber() == null || request.validFrom() == null || request.validTo() == null) {
                throw ApiProblem.invalid("authorizationNumber", "an approval needs its number and validity window");
            }
            if (request.validTo().isBefore(request.validFrom())) {
                throw ApiProblem.invalid("validTo", "must not be before validFrom");
            }
        }
        Instant now = clock.instant();
        return authorizations.modify(authorizationId, a -> {
            if (!"REQUESTED".equals(a.status())) {
                throw ApiProblem.conflict("already-decided", "This authorization was already " + a.status() + ".");
            }
            PriorAuthorization decided = a.decided(request.decision(), request.authorizationNumber(), request.validFrom(),
                    request.validTo(), request.approvedCptCodes() == null ? a.cptCodes() : request.approvedCptCodes(), now);
            return TenantStore.Change.of(decided, List.of(new PriorAuthorizationDecided(a.id(), a.patientId(), a.locationId(),
                    a.appointmentId(), request.decision(), request.validFrom(), request.validTo(), now)), a.locationId());
        }).value();
    }

    @Operation(summary = "Prior authorizations of an appointment (is the surgery approved?)")
    @GetMapping("/api/billing/v1/prior-authorizations")
    List<PriorAuthorization> authorizationsOf(@RequestParam String appointmentId) {
        return authorizations.find(Criteria.where("appointmentId").is(appointmentId), Sort.by("requestedAt"), 20);
    }

    record Line(@NotBlank @Pattern(regexp = "[0-9A-Z]{5}", message = "must be a CPT code") String cpt,
                @Size(max = 4) List<@Pattern(regexp = "[0-9A-Z]{2}") String> modifiers,
                @NotNull BigDecimal charge, @Min(1) @Max(99) int units, @NotNull @WithinTimeBounds LocalDate serviceDate) {
    }

    record FileClaim(@NotBlank String coverageId, @NotBlank String locationId, @Size(max = 64) String appointmentId,
                     @NotEmpty @Size(max = 12) List<@Pattern(regexp = "[A-TV-Z][0-9][0-9AB](\\.?[0-9A-TV-Z]{1,4})?", message = "must be an ICD-10-CM code") String> diagnosisCodes,
                     @NotEmpty @Size(max = 50) List<@Valid Line> serviceLines, @NotNull @Valid Practice billingProvider) {
    }

    @Operation(summary = "Create a claim for a completed procedure (CPT + ICD-10); its invoice carries the charge in the ledger")
    @PostMapping("/api/billing/v1/claims")
    ResponseEntity<Claim> fileClaim(@Valid @RequestBody FileClaim request) {
        Coverage coverage = coverages.get(request.coverageId()).value();
        Currency usd = Currency.getInstance("USD");
        List<Claim.Line> lines = new ArrayList<>();
        for (int i = 0; i < request.serviceLines().size(); i++) {
            Line l = request.serviceLines().get(i);
            lines.add(new Claim.Line(l.cpt(), l.modifiers() == null ? List.of() : l.modifiers(),
                    Amounts.positive(l.charge(), usd, "serviceLines[" + i + "].charge"), l.units(), l.serviceDate(), null, null, null));
        }
        BigDecimal total = lines.stream().map(Claim.Line::charge).reduce(Amounts.zero(usd), BigDecimal::add);
        String id = UUID.randomUUID().toString();
        String controlNumber = String.format("%010d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000_000L));
        Claim claim = new Claim(id, controlNumber, coverage.patientId(), coverage.id(), request.locationId(), request.appointmentId(),
                request.diagnosisCodes(), lines, total, request.billingProvider().provider(), "CREATED", null, null, null,
                List.of(), clock.instant());
        claims.insert(claim, List.of(), request.locationId());
        invoices.open(Invoice.open("clm-" + id, coverage.patientId(), request.locationId(), Invoice.Kind.PROCEDURE, null,
                request.appointmentId(), "USD", lines.stream().map(l -> new Invoice.Line(l.cpt(), "CPT " + l.cpt(), l.charge(), false)).toList(),
                clinics.of(request.locationId()).today(clock).plusDays(60), clock.instant()), List.of());
        return ResponseEntity.status(HttpStatus.CREATED).body(claim);
    }

    @Operation(summary = "Read a claim")
    @GetMapping("/api/billing/v1/claims/{claimId}")
    Claim claim(@PathVariable String claimId) {
        return claims.get(claimId).value();
    }

    @Operation(summary = "Generate the claim's X12 837P (checked by reading it back) and mark it submitted")
    @PostMapping(value = "/api/billing/v1/claims/{claimId}/submission", produces = "application/edi-x12")
    ResponseEntity<String> submit(@PathVariable String claimId) {
        Claim claim = claims.get(claimId).value();
        Coverage coverage = coverages.get(claim.coverageId()).value();
        Transactions.Person subscriber = cipher.openJson(coverage.sealedSubscriber(), Transactions.Person.class, coverage.id(), "subscriber");
        String x12 = Transactions.claim837P(new Transactions.ClaimData(claim.controlNumber(), claim.total(), claim.diagnosisCodes(),
                claim.lines().stream().map(l -> new Transactions.ServiceLine(l.cpt(), l.modifiers(), l.charge(), l.units(), l.serviceDate())).toList(),
                claim.billingProvider(), subscriber, cipher.open(coverage.sealedMemberId(), coverage.id(), "member-id"),
                coverage.groupNumber(), coverage.payerName(), coverage.payerId()), parties(coverage.payerId()), now());
        X12.read(x12); // what leaves is well-formed, or nothing leaves
        Instant now = clock.instant();
        claims.modify(claimId, c -> "CREATED".equals(c.status()) || "REJECTED".equals(c.status())
                ? TenantStore.Change.of(c.submitted(now), List.of(new ClaimSubmitted(c.id(), c.patientId(), c.locationId(), c.appointmentId(), now)), c.locationId())
                : TenantStore.Change.quietly(c));
        return ResponseEntity.ok().contentType(X12_TYPE).body(x12);
    }

    record AcknowledgedClaim(String controlNumber, String claimId, String status, String statusCode, String note) {
    }

    @Operation(summary = "Read an X12 277CA claim acknowledgment: each submitted claim ACCEPTED into adjudication or REJECTED")
    @PostMapping(value = "/api/billing/v1/claim-acknowledgments", consumes = {"application/edi-x12", "text/plain"})
    List<AcknowledgedClaim> acknowledgment(@RequestBody String x12) {
        List<AcknowledgedClaim> answered = new ArrayList<>();
        for (Transactions.ClaimAcknowledgment ack : Transactions.read277CA(x12)) {
            Optional<Claim> found = claims.find(Criteria.where("controlNumber").is(ack.controlNumber()), Sort.by("_id"), 1).stream().findFirst();
            if (found.isEmpty()) {
                answered.add(new AcknowledgedClaim(ack.controlNumber(), null, null, ack.statusCode(), "no claim with this control number"));
                continue;
            }
            Claim updated = claims.modify(found.get().id(), c -> TenantStore.Change.quietly(c.acknowledged(ack.accepted()))).value();
            answered.add(new AcknowledgedClaim(ack.controlNumber(), updated.id(), updated.status(), ack.statusCode(), null));
        }
        return answered;
    }

    record PostedClaim(String controlNumber, String claimId, String status, BigDecimal paid, BigDecimal adjusted,
                       BigDecimal patientResponsibility, String note) {
    }

    @Operation(summary = "Post an X12 835 remittance: payments, adjustments and denials to the claims, their lines and invoices")
    @PostMapping(value = "/api/billing/v1/remittances", consumes = {"application/edi-x12", "text/plain"})
    List<PostedClaim> remittance(@RequestBody String x12) {
        Transactions.Remittance remittance = Transactions.read835(x12);
        List<PostedClaim> posted = new ArrayList<>();
        Instant now = clock.instant();
        for (Transactions.ClaimPayment payment : remittance.claims()) {
            Optional<Claim> found = claims.find(Criteria.where("controlNumber").is(payment.controlNumber()), Sort.by("_id"), 1)
                    .stream().findFirst();
            if (found.isEmpty()) {
                posted.add(new PostedClaim(payment.controlNumber(), null, null, null, null, null, "no claim with this control number"));
                continue;
            }
            Claim claim = found.get();
            String remitId = "era-" + remittance.traceNumber() + "-" + payment.controlNumber();
            Remit.Plan plan = Remit.plan(claim, payment, remitId, "835 " + remittance.traceNumber());
            invoices.change("clm-" + claim.id(), invoice -> {
                boolean seen = invoice.payments().stream().anyMatch(p -> Remit.isOf(p.id(), remitId))
                        || invoice.adjustments().stream().anyMatch(a -> Remit.isOf(a.id(), remitId));
                if (seen) {
                    return TenantStore.Change.quietly(invoice);
                }
                Invoice next = invoice;
                // write-offs first (they lower the charge), then the payer's money, line by line
                for (Remit.Posting p : plan.adjustments()) {
                    next = next.adjust(new Invoice.Adjustment(p.id(), p.amount().negate(), p.note(), now, "835"));
                }
                for (Remit.Posting p : plan.payments()) {
                    next = next.pay(new Invoice.Payment(p.id(), p.amount(), Invoice.Tender.INSURANCE, p.note(), now, "835"));
                }
                return TenantStore.Change.quietly(next);
            });
            String status = payment.denied() ? "DENIED" : "PAID";
            Claim updated = claims.modify(claim.id(), c -> c.remits().stream().anyMatch(r -> r.equals(remitId))
                    ? TenantStore.Change.quietly(c)
                    : TenantStore.Change.of(c.remitted(remitId, status, payment.paid(), payment.patientResponsibility(), plan.lines()),
                    List.of(payment.denied()
                            ? new ClaimDenied(c.id(), c.patientId(), c.locationId(), payment.allAdjustments().stream()
                            .map(a -> a.group() + "-" + a.reason()).findFirst().orElse("UNKNOWN"), now)
                            : new ClaimPaid(c.id(), c.patientId(), c.locationId(), now)), c.locationId())).value();
            posted.add(new PostedClaim(payment.controlNumber(), updated.id(), updated.status(), payment.paid(), plan.writtenOff(),
                    payment.patientResponsibility(), null));
        }
        return posted;
    }

    @ExceptionHandler(X12.Malformed.class)
    ResponseEntity<Object> malformed(X12.Malformed e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ApiProblem.invalid(e.field == null ? "body" : e.field, e.getMessage()).toProblemDetail());
    }

    private Transactions.Parties parties(String receiverId) {
        return new Transactions.Parties(senderId, receiverId.length() > 15 ? receiverId.substring(0, 15) : receiverId,
                (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 999_999_999L), false);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
