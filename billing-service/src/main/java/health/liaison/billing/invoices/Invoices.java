package health.liaison.billing.invoices;

import health.liaison.billing.money.Amounts;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.PaymentReceived;
import health.liaison.platform.events.billing.RefundIssued;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Invoices, payments and refunds. A payment or refund needs an Idempotency-Key: the key decides its id, so a retry
 * (or twenty concurrent copies) records it once and answers alike; the same key with another body is refused (422).
 * Each movement is one optimistic write of the invoice document, re-checked on conflict, so concurrent refunds can
 * never add up to more than the payment.
 */
@RestController
@RequestMapping("/api/billing/v1/invoices")
public class Invoices {

    private final TenantStore<Invoice> invoices;
    private final IdempotentRequests idempotency;
    private final ClinicZones clinics;
    private final Clock clock;

    Invoices(TenantStores stores, IdempotentRequests idempotency, ClinicZones clinics, Clock clock) {
        this.invoices = stores.of(Invoice.class, "invoices", "invoice");
        this.idempotency = idempotency;
        this.clinics = clinics;
        this.clock = clock;
    }

    public record InvoiceView(String id, String patientId, String locationId, Invoice.Kind kind, String quoteId,
                              String appointmentId, String currency, List<Invoice.Line> lines, BigDecimal total,
                              BigDecimal adjusted, BigDecimal paid, BigDecimal refunded, BigDecimal balance,
                              LocalDate dueOn, Invoice.Status status, List<Invoice.Payment> payments,
                              List<Invoice.Refund> refunds, List<Invoice.Adjustment> adjustments,
                              List<Invoice.Instalment> plan, Invoice.CancellationOutcome cancellation) {
        public static InvoiceView of(Invoice i) {
            return new InvoiceView(i.id(), i.patientId(), i.locationId(), i.kind(), i.quoteId(), i.appointmentId(),
                    i.currency(), i.lines(), i.total(), i.adjusted(), i.paid(), i.refunded(), i.balance(), i.dueOn(),
                    i.status(), i.payments(), i.refunds(), i.adjustments(), i.plan(), i.cancellation());
        }
    }

    /** Opens an invoice under a derived id; opening it again (a redelivered event, a retry) returns the first. */
    public Invoice open(Invoice invoice, List<? extends DomainEvent> events) {
        try {
            invoices.insert(invoice, events, invoice.locationId());
            return invoice;
        } catch (DuplicateKeyException exists) {
            return invoices.get(invoice.id()).value();
        }
    }

    public Optional<Invoice> find(String id) {
        return invoices.find(id).map(Versioned::value);
    }

    public List<Invoice> ofPatient(String patientId) {
        return invoices.find(Criteria.where("patientId").is(patientId), Sort.by("createdAt"), 1000);
    }

    public List<Invoice> find(Criteria criteria, int limit) {
        return invoices.find(criteria, Sort.by("dueOn"), limit);
    }

    /** Applies a change to an invoice (read, change, write with optimistic retries), turning rule breaks into 4xx. */
    public Versioned<Invoice> change(String invoiceId, java.util.function.Function<Invoice, TenantStore.Change<Invoice>> change) {
        try {
            return invoices.modify(invoiceId, change);
        } catch (Invoice.Refused refused) {
            if ("invalid-amount".equals(refused.code) || "unknown-payment".equals(refused.code)) {
                throw ApiProblem.invalid(refused.field, refused.getMessage());
            }
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, refused.code, "Unprocessable", refused.getMessage(),
                    Map.of("field", refused.field));
        }
    }

    @Operation(summary = "An invoice with its payments, refunds, adjustments and balance")
    @GetMapping("/{invoiceId}")
    InvoiceView read(@PathVariable String invoiceId) {
        return InvoiceView.of(invoices.get(invoiceId).value());
    }

    record TakePayment(@NotNull BigDecimal amount, @NotBlank String currency, @NotNull Invoice.Tender tender,
                       @Size(max = 200) String reference) {
    }

    @Operation(summary = "Take a payment (card token, cash, check, financing); Idempotency-Key required")
    @PostMapping("/{invoiceId}/payments")
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN')")
    ResponseEntity<InvoiceView> pay(@PathVariable String invoiceId, @Valid @RequestBody TakePayment request,
                                    @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        requireKey(key);
        Invoice current = invoices.get(invoiceId).value();
        Currency currency = Amounts.currency(request.currency(), "currency");
        if (!currency.getCurrencyCode().equals(current.currency())) {
            throw ApiProblem.invalid("currency", "must be the invoice's currency " + current.currency());
        }
        BigDecimal amount = Amounts.positive(request.amount(), currency, "amount");
        if (request.tender() == Invoice.Tender.CARD && (request.reference() == null || request.reference().isBlank())) {
            throw ApiProblem.invalid("reference", "a card payment needs the payment provider's token or transaction id");
        }
        String by = Callers.current().userId();
        IdempotentRequests.Outcome outcome = idempotency.run("payment:" + invoiceId, key,
                amount.toPlainString() + "|" + request.currency() + "|" + request.tender() + "|" + request.reference(), id -> {
                    Instant now = clock.instant();
                    change(invoiceId, invoice -> {
                        if (invoice.hasPayment(id)) {
                            return TenantStore.Change.quietly(invoice);
                        }
                        Invoice next = invoice.pay(new Invoice.Payment(id, amount, request.tender(), request.reference(), now, by));
                        List<DomainEvent> events = new ArrayList<>();
                        events.add(new PaymentReceived(id, invoice.id(), invoice.patientId(), invoice.locationId(), request.tender().name(), now,
                                amount, invoice.currency()));
                        if (next.kind() == Invoice.Kind.DEPOSIT && invoice.status() == Invoice.Status.OPEN && next.status() == Invoice.Status.PAID) {
                            events.add(new DepositPaid(invoice.id(), invoice.quoteId(), invoice.patientId(), invoice.locationId(),
                                    invoice.appointmentId(), now, invoice.total(), invoice.currency()));
                        }
                        return TenantStore.Change.of(next, events, invoice.locationId());
                    });
                    return id;
                });
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Payment-Id", outcome.resourceId()).body(read(invoiceId));
    }

    record GiveRefund(@NotNull BigDecimal amount, @NotBlank String currency, @NotBlank @Size(max = 300) String reason) {
    }

    @Operation(summary = "Refund (part of) a payment; never more than was paid; Idempotency-Key required")
    @PostMapping("/{invoiceId}/payments/{paymentId}/refunds")
    @PreAuthorize("hasAnyRole('BILLING','ADMIN')")
    ResponseEntity<InvoiceView> refund(@PathVariable String invoiceId, @PathVariable String paymentId,
                                       @Valid @RequestBody GiveRefund request,
                                       @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        requireKey(key);
        Invoice current = invoices.get(invoiceId).value();
        Currency currency = Amounts.currency(request.currency(), "currency");
        if (!currency.getCurrencyCode().equals(current.currency())) {
            throw ApiProblem.invalid("currency", "must be the invoice's currency " + current.currency());
        }
        BigDecimal amount = Amounts.positive(request.amount(), currency, "amount");
        String by = Callers.current().userId();
        IdempotentRequests.Outcome outcome = idempotency.run("refund:" + invoiceId + ":" + paymentId, key,
                amount.toPlainString() + "|" + request.currency() + "|" + request.reason(), id -> {
                    Instant now = clock.instant();
                    change(invoiceId, invoice -> invoice.hasRefund(id) ? TenantStore.Change.quietly(invoice)
                            : TenantStore.Change.of(invoice.refund(new Invoice.Refund(id, paymentId, amount, request.reason(), now, by)),
                            List.of(new RefundIssued(id, paymentId, invoice.id(), invoice.patientId(), invoice.locationId(), now)),
                            invoice.locationId()));
                    return id;
                });
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Refund-Id", outcome.resourceId()).body(read(invoiceId));
    }

    record Adjust(@NotNull BigDecimal amount, @NotBlank String currency, @NotBlank @Size(max = 300) String reason) {
    }

    @Operation(summary = "Adjust the charge (negative: discount, write-off; positive: extra); ADMIN or BILLING")
    @PostMapping("/{invoiceId}/adjustments")
    @PreAuthorize("hasAnyRole('BILLING','ADMIN')")
    InvoiceView adjust(@PathVariable String invoiceId, @Valid @RequestBody Adjust request) {
        Invoice current = invoices.get(invoiceId).value();
        Currency currency = Amounts.currency(request.currency(), "currency");
        if (!currency.getCurrencyCode().equals(current.currency())) {
            throw ApiProblem.invalid("currency", "must be the invoice's currency " + current.currency());
        }
        BigDecimal amount = Amounts.signed(request.amount(), currency, "amount");
        String by = Callers.current().userId();
        Instant now = clock.instant();
        return InvoiceView.of(change(invoiceId, invoice -> TenantStore.Change.quietly(invoice.adjust(
                new Invoice.Adjustment(UUID.randomUUID().toString(), amount, request.reason(), now, by)))).value());
    }

    @Operation(summary = "Void an invoice that has no payments left on it")
    @PostMapping("/{invoiceId}/void")
    @PreAuthorize("hasAnyRole('BILLING','ADMIN')")
    InvoiceView voidInvoice(@PathVariable String invoiceId) {
        return InvoiceView.of(change(invoiceId, invoice -> TenantStore.Change.quietly(invoice.voided())).value());
    }

    record Plan(@Min(2) @Max(24) int instalments, @NotNull @WithinTimeBounds LocalDate firstDueOn, @Min(7) @Max(92) Integer everyDays) {
    }

    @Operation(summary = "Split what is owed into an instalment plan (e.g. 6 monthly payments)")
    @PostMapping("/{invoiceId}/payment-plan")
    @PreAuthorize("hasAnyRole('BILLING','COORDINATOR','ADMIN')")
    InvoiceView plan(@PathVariable String invoiceId, @Valid @RequestBody Plan request) {
        // "the past" is the invoice's clinic's; an unknown invoice is a 404 below
        LocalDate today = find(invoiceId).map(i -> clinics.of(i.locationId()).today(clock)).orElseGet(() -> LocalDate.now(clock));
        if (request.firstDueOn().isBefore(today)) {
            throw ApiProblem.invalid("firstDueOn", "must not be in the past");
        }
        return InvoiceView.of(change(invoiceId, invoice -> TenantStore.Change.quietly(invoice.withPlan(request.instalments(),
                request.firstDueOn(), request.everyDays() == null ? 30 : request.everyDays()))).value());
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw ApiProblem.invalid(IdempotentRequests.HEADER, "is required for payments and refunds, so a retry never charges twice");
        }
    }
}
