package health.liaison.billing.quotes;

import health.liaison.billing.feeschedules.FeeSchedule;
import health.liaison.billing.invoices.Invoice;
import health.liaison.billing.money.Amounts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * A cost estimate for a procedure, priced from the clinic's fee schedule: lines, a discount (above the schedule's
 * threshold it waits for an approver), tax on the taxed lines after the discount, the total. Revising it makes a
 * new version; accepting it creates the deposit invoice.
 */
public record Quote(String id, int version, String patientId, String locationId, String appointmentTypeId, String surgeonId,
                    String currency, List<Invoice.Line> lines, BigDecimal subtotal, BigDecimal discountPercent,
                    BigDecimal discount, String discountReason, BigDecimal tax, BigDecimal total, LocalDate validUntil,
                    Status status, String approvedBy, String appointmentId, String depositInvoiceId,
                    List<Revision> revisions, Instant issuedAt, String issuedBy) {

    public enum Status { PENDING_APPROVAL, ISSUED, ACCEPTED, DECLINED, EXPIRED }

    public record Revision(int version, BigDecimal total, Instant at, String by) {
    }

    public Quote {
        lines = List.copyOf(lines);
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }

    /** Prices a procedure from a fee schedule. Plain arithmetic on exact decimals, half-even to the cent. */
    static Priced price(FeeSchedule schedule, String surgeonId, int anesthesiaMinutes, BigDecimal discountPercent) {
        Currency currency = Currency.getInstance(schedule.currency());
        List<Invoice.Line> lines = new ArrayList<>();
        BigDecimal surgeon = surgeonId != null && schedule.surgeonFees().containsKey(surgeonId)
                ? schedule.surgeonFees().get(surgeonId) : schedule.surgeonFee();
        add(lines, schedule, "SURGEON", "Surgeon's fee", surgeon);
        long blocks = (anesthesiaMinutes + 14) / 15;
        add(lines, schedule, "ANESTHESIA", "Anesthesia, " + anesthesiaMinutes + " min", schedule.anesthesiaPer15Minutes().multiply(BigDecimal.valueOf(blocks)));
        add(lines, schedule, "FACILITY", "Facility and operating room", schedule.facilityFee());
        add(lines, schedule, "IMPLANTS", "Implants and supplies", schedule.implantsAndSupplies());
        add(lines, schedule, "GARMENTS", "Compression garments", schedule.garments());
        add(lines, schedule, "LABS", "Pre-operative labs", schedule.labs());
        BigDecimal subtotal = lines.stream().map(Invoice.Line::amount).reduce(Amounts.zero(currency), BigDecimal::add);
        BigDecimal discount = Amounts.percentOf(subtotal, discountPercent, currency);
        BigDecimal taxable = lines.stream().filter(Invoice.Line::taxable).map(Invoice.Line::amount).reduce(Amounts.zero(currency), BigDecimal::add);
        BigDecimal taxableAfterDiscount = taxable.subtract(Amounts.percentOf(taxable, discountPercent, currency));
        BigDecimal tax = Amounts.percentOf(taxableAfterDiscount, schedule.taxRatePercent(), currency);
        BigDecimal total = subtotal.subtract(discount).add(tax).setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
        return new Priced(lines, subtotal, discount, tax, total);
    }

    record Priced(List<Invoice.Line> lines, BigDecimal subtotal, BigDecimal discount, BigDecimal tax, BigDecimal total) {
    }

    private static void add(List<Invoice.Line> lines, FeeSchedule schedule, String code, String description, BigDecimal amount) {
        if (amount != null && amount.signum() > 0) {
            lines.add(new Invoice.Line(code, description, amount, schedule.taxedLines().contains(code)));
        }
    }

    /** The deposit due on acceptance: the schedule's fixed amount (never more than the total), or its percentage of the total. */
    BigDecimal deposit(FeeSchedule schedule) {
        if (schedule.depositAmount() != null) {
            return schedule.depositAmount().min(total);
        }
        return Amounts.percentOf(total, schedule.depositPercent(), Currency.getInstance(currency));
    }
}
