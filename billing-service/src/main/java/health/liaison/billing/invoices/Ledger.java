package health.liaison.billing.invoices;

import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The patient's ledger and statement, and receivables aging per clinic. */
@RestController
class Ledger {

    private final Invoices invoices;
    private final ClinicZones clinics;
    private final Clock clock;

    Ledger(Invoices invoices, ClinicZones clinics, Clock clock) {
        this.invoices = invoices;
        this.clinics = clinics;
        this.clock = clock;
    }

    record Line(java.time.Instant at, String invoiceId, String type, String reference, BigDecimal amount, BigDecimal runningBalance) {
    }

    record Statement(String patientId, String currency, List<Line> lines, BigDecimal balance,
                     List<Invoices.InvoiceView> openInvoices) {
    }

    @Operation(summary = "The patient's ledger: every charge, adjustment, payment and refund with the running balance")
    @GetMapping("/api/billing/v1/patients/{patientId}/ledger")
    Statement ledger(@PathVariable String patientId) {
        if (Callers.current().hasRole("PATIENT") && !patientId.equals(Callers.current().patientId())) {
            throw ApiProblem.notFound("patient");
        }
        List<Invoice> held = invoices.ofPatient(patientId);
        // billing knows a patient by the invoices it holds: an id without any (another group's included) is 404,
        // never an empty statement that would let a caller probe ids
        if (held.isEmpty()) {
            throw ApiProblem.notFound("patient");
        }
        List<Invoice> all = held.stream().filter(i -> i.status() != Invoice.Status.VOID).toList();
        List<Line> lines = new ArrayList<>();
        record Tagged(String invoiceId, Invoice.Posting posting) {
        }
        List<Tagged> postings = new ArrayList<>();
        all.forEach(i -> i.postings().forEach(p -> postings.add(new Tagged(i.id(), p))));
        postings.sort(Comparator.comparing(t -> t.posting().at()));
        BigDecimal running = BigDecimal.ZERO;
        for (Tagged t : postings) {
            running = running.add(t.posting().amount());
            lines.add(new Line(t.posting().at(), t.invoiceId(), t.posting().type(), t.posting().reference(), t.posting().amount(), running));
        }
        String currency = all.isEmpty() ? null : all.getFirst().currency();
        return new Statement(patientId, currency, lines, running, all.stream().filter(i -> i.status() == Invoice.Status.OPEN)
                .map(Invoices.InvoiceView::of).toList());
    }

    record Aging(String locationId, LocalDate asOf, Map<String, BigDecimal> buckets, BigDecimal total, int openInvoices) {
    }

    @Operation(summary = "Receivables aging of a clinic: open balances by days past due (current, 1-30, 31-60, 61-90, 90+)")
    @GetMapping("/api/billing/v1/receivables/aging")
    Aging aging(@RequestParam String locationId) {
        LocalDate today = clinics.of(locationId).today(clock);
        Map<String, BigDecimal> buckets = new LinkedHashMap<>();
        for (String bucket : List.of("current", "1-30", "31-60", "61-90", "90+")) {
            buckets.put(bucket, BigDecimal.ZERO);
        }
        List<Invoice> open = invoices.find(Criteria.where("locationId").is(locationId).and("status").is("OPEN"), 10_000);
        BigDecimal total = BigDecimal.ZERO;
        for (Invoice invoice : open) {
            long late = ChronoUnit.DAYS.between(invoice.dueOn(), today);
            String bucket = late <= 0 ? "current" : late <= 30 ? "1-30" : late <= 60 ? "31-60" : late <= 90 ? "61-90" : "90+";
            buckets.merge(bucket, invoice.balance(), BigDecimal::add);
            total = total.add(invoice.balance());
        }
        return new Aging(locationId, today, buckets, total, open.size());
    }
}
