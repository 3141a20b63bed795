package health.liaison.billing.quotes;

import health.liaison.billing.feeschedules.FeeSchedule;
import health.liaison.billing.feeschedules.FeeSchedules;
import health.liaison.billing.invoices.Balances;
import health.liaison.billing.invoices.Invoice;
import health.liaison.billing.invoices.Invoices;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.billing.DepositInvoiced;
import health.liaison.platform.events.billing.QuoteAccepted;
import health.liaison.platform.events.billing.QuoteIssued;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Quotes: priced from the fee schedule, versioned on revision, approved when the discount is above what a
 * coordinator may give, accepted (creating the deposit invoice), declined or expired. Accepting twice, or after a
 * crash half-way, ends with one quote accepted and one deposit invoice: the invoice id derives from the quote.
 */
@RestController
@RequestMapping("/api/billing/v1/quotes")
public class Quotes {

    private final TenantStore<Quote> quotes;
    private final FeeSchedules schedules;
    private final Invoices invoices;
    private final Balances balances;
    private final ClinicZones clinics;
    private final Clock clock;

    Quotes(TenantStores stores, FeeSchedules schedules, Invoices invoices, Balances balances, ClinicZones clinics, Clock clock) {
        this.balances = balances;
        this.quotes = stores.of(Quote.class, "quotes", "quote");
        this.schedules = schedules;
        this.invoices = invoices;
        this.clinics = clinics;
        this.clock = clock;
    }

    record Ask(@NotBlank @Size(max = 64) String patientId, @NotBlank @Size(max = 64) String locationId,
               @NotBlank @Size(max = 64) String appointmentTypeId, @Size(max = 64) String surgeonId,
               @Min(0) @Max(1440) int anesthesiaMinutes, BigDecimal discountPercent, @Size(max = 300) String discountReason,
               @Min(1) @Max(365) Integer validDays) {
    }

    @Operation(summary = "Issue a quote for a procedure, priced from the clinic's fee schedule")
    @PostMapping
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN')")
    ResponseEntity<Quote> issue(@Valid @RequestBody Ask request) {
        Caller caller = Callers.current();
        if (!caller.worksAt(request.locationId()) && !caller.hasRole("ADMIN")) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        Quote quote = priced(UUID.randomUUID().toString(), 1, request, List.of());
        quotes.insert(quote, issuedEvents(quote), quote.locationId());
        return ResponseEntity.status(HttpStatus.CREATED).body(quote);
    }

    @Operation(summary = "Revise an issued quote: a new version, priced again")
    @PostMapping("/{quoteId}/revision")
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN')")
    Quote revise(@PathVariable String quoteId, @Valid @RequestBody Ask request) {
        return quotes.modify(quoteId, current -> {
            if (current.status() != Quote.Status.ISSUED && current.status() != Quote.Status.PENDING_APPROVAL) {
                throw ApiProblem.conflict("quote-closed", "This quote is " + current.status() + " and cannot be revised.");
            }
            if (!current.patientId().equals(request.patientId())) {
                throw ApiProblem.invalid("patientId", "a revision is for the same patient");
            }
            List<Quote.Revision> revisions = new ArrayList<>(current.revisions());
            revisions.add(new Quote.Revision(current.version(), current.total(), current.issuedAt(), current.issuedBy()));
            Quote next = priced(quoteId, current.version() + 1, request, revisions);
            return TenantStore.Change.of(next, issuedEvents(next), next.locationId());
        }).value();
    }

    @Operation(summary = "Approve a quote whose discount is above what a coordinator may give")
    @PostMapping("/{quoteId}/approval")
    @PreAuthorize("hasAnyRole('ADMIN','BILLING')")
    Quote approve(@PathVariable String quoteId) {
        String by = Callers.current().userId();
        return quotes.modify(quoteId, q -> {
            if (q.status() != Quote.Status.PENDING_APPROVAL) {
                throw ApiProblem.conflict("not-pending", "This quote is " + q.status() + ", not waiting for approval.");
            }
            if (by.equals(q.issuedBy())) {
                throw ApiProblem.forbidden("The person who gave the discount cannot approve it.");
            }
            Quote approved = with(q, Quote.Status.ISSUED, by, q.appointmentId(), q.depositInvoiceId());
            return TenantStore.Change.of(approved, List.of(new QuoteIssued(q.id(), q.patientId(), q.locationId(),
                    q.appointmentTypeId(), q.version(), q.validUntil(), clock.instant(), q.total(), q.currency())), q.locationId());
        }).value();
    }

    record Accept(@Size(max = 64) String appointmentId) {
    }

    @Operation(summary = "The patient accepts: the deposit invoice is created (once, however often this is called)")
    @PostMapping("/{quoteId}/acceptance")
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN','PATIENT')")
    Quote accept(@PathVariable String quoteId, @Valid @RequestBody(required = false) Accept request) {
        Quote quote = quotes.get(quoteId).value();
        Caller caller = Callers.current();
        if (caller.hasRole("PATIENT") && !quote.patientId().equals(caller.patientId())) {
            throw ApiProblem.notFound("quote");
        }
        LocalDate today = clinics.of(quote.locationId()).today(clock);
        if (quote.status() == Quote.Status.ISSUED && quote.validUntil().isBefore(today)) {
            quotes.modify(quoteId, q -> TenantStore.Change.quietly(q.status() == Quote.Status.ISSUED
                    ? with(q, Quote.Status.EXPIRED, q.approvedBy(), q.appointmentId(), q.depositInvoiceId()) : q));
            throw ApiProblem.conflict("quote-expired", "This quote expired on " + quote.validUntil() + "; issue a new one.");
        }
        if (quote.status() != Quote.Status.ISSUED && quote.status() != Quote.Status.ACCEPTED) {
            throw ApiProblem.conflict("quote-not-open", "This quote is " + quote.status() + (quote.status() == Quote.Status.PENDING_APPROVAL
                    ? ": its discount needs approval first." : "."));
        }
        FeeSchedule schedule = schedules.find(quote.locationId(), quote.appointmentTypeId())
                .orElseThrow(() -> ApiProblem.unprocessable("no-fee-schedule", "The fee schedule of this procedure is gone."));
        String appointmentId = request != null && request.appointmentId() != null ? request.appointmentId() : quote.appointmentId();
        Instant now = clock.instant();
        String invoiceId = "dep-" + quoteId;
        LocalDate due = today.plusDays(schedule.depositDueDays());
        BigDecimal deposit = quote.deposit(schedule);
        invoices.open(Invoice.open(invoiceId, quote.patientId(), quote.locationId(), Invoice.Kind.DEPOSIT, quoteId, appointmentId,
                        quote.currency(), List.of(new Invoice.Line("DEPOSIT", "Deposit (" + schedule.depositPolicy()
                                + " of quote " + quoteId + " v" + quote.version() + ")", deposit, false)), due, now),
                List.of(new DepositInvoiced(invoiceId, quoteId, quote.patientId(), quote.locationId(), appointmentId, due, now)));
        Quote accepted = quotes.modify(quoteId, q -> q.status() == Quote.Status.ACCEPTED ? TenantStore.Change.quietly(q)
                : TenantStore.Change.of(with(q, Quote.Status.ACCEPTED, q.approvedBy(), appointmentId, invoiceId),
                List.of(new QuoteAccepted(q.id(), q.patientId(), q.locationId(), q.appointmentTypeId(), appointmentId, invoiceId, now, q.total(), q.currency())),
                q.locationId())).value();
        // written first, read after: if scheduling's booking arrived before this acceptance, the balance opens now
        balances.quoteAccepted(accepted);
        return accepted;
    }

    @Operation(summary = "The patient declines")
    @PostMapping("/{quoteId}/decline")
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN','PATIENT')")
    Quote decline(@PathVariable String quoteId) {
        return quotes.modify(quoteId, q -> {
            if (q.status() == Quote.Status.ACCEPTED) {
                throw ApiProblem.conflict("quote-accepted", "This quote was accepted; cancel the surgery instead.");
            }
            return TenantStore.Change.quietly(with(q, Quote.Status.DECLINED, q.approvedBy(), q.appointmentId(), q.depositInvoiceId()));
        }).value();
    }

    @Operation(summary = "Read a quote")
    @GetMapping("/{quoteId}")
    Quote read(@PathVariable String quoteId) {
        return quotes.get(quoteId).value();
    }

    @Operation(summary = "A patient's quotes")
    @GetMapping
    List<Quote> ofPatient(@RequestParam String patientId) {
        return quotes.find(Criteria.where("patientId").is(patientId), Sort.by("issuedAt"), 200);
    }

    /** The accepted quote for an appointment, if any (charge capture). */
    public Optional<Quote> acceptedFor(String appointmentId) {
        return quotes.find(Criteria.where("appointmentId").is(appointmentId).and("status").is("ACCEPTED"), Sort.by("issuedAt"), 1)
                .stream().findFirst();
    }

    private Quote priced(String id, int version, Ask request, List<Quote.Revision> revisions) {
        FeeSchedule schedule = schedules.find(request.locationId(), request.appointmentTypeId())
                .orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "has no fee schedule at " + request.locationId()));
        BigDecimal discountPercent = request.discountPercent() == null ? BigDecimal.ZERO : request.discountPercent();
        if (discountPercent.signum() < 0 || discountPercent.compareTo(BigDecimal.valueOf(100)) > 0 || discountPercent.stripTrailingZeros().scale() > 2) {
            throw ApiProblem.invalid("discountPercent", "must be a percentage between 0 and 100 with at most 2 decimals");
        }
        if (discountPercent.signum() > 0 && (request.discountReason() == null || request.discountReason().isBlank())) {
            throw ApiProblem.invalid("discountReason", "is required with a discount");
        }
        Quote.Priced priced = Quote.price(schedule, request.surgeonId(), request.anesthesiaMinutes(), discountPercent);
        boolean needsApproval = discountPercent.compareTo(schedule.discountApprovalAbovePercent()) > 0;
        Instant now = clock.instant();
        LocalDate validUntil = clinics.of(request.locationId()).today(clock).plusDays(request.validDays() == null ? 30 : request.validDays());
        return new Quote(id, version, request.patientId(), request.locationId(), request.appointmentTypeId(), request.surgeonId(),
                schedule.currency(), priced.lines(), priced.subtotal(), discountPercent, priced.discount(), request.discountReason(),
                priced.tax(), priced.total(), validUntil,
                needsApproval ? Quote.Status.PENDING_APPROVAL : Quote.Status.ISSUED, null, null, null, revisions, now,
                Callers.current().userId());
    }

    private List<QuoteIssued> issuedEvents(Quote quote) {
        return quote.status() == Quote.Status.ISSUED ? List.of(new QuoteIssued(quote.id(), quote.patientId(), quote.locationId(),
                quote.appointmentTypeId(), quote.version(), quote.validUntil(), quote.issuedAt(), quote.total(), quote.currency())) : List.of();
    }

    private static Quote with(Quote q, Quote.Status status, String approvedBy, String appointmentId, String depositInvoiceId) {
        return new Quote(q.id(), q.version(), q.patientId(), q.locationId(), q.appointmentTypeId(), q.surgeonId(), q.currency(),
                q.lines(), q.subtotal(), q.discountPercent(), q.discount(), q.discountReason(), q.tax(), q.total(), q.validUntil(),
                status, approvedBy, appointmentId, depositInvoiceId, q.revisions(), q.issuedAt(), q.issuedBy());
    }
}
