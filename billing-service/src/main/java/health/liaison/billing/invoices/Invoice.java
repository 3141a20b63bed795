package health.liaison.billing.invoices;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An invoice and everything posted to it, in one document: its lines (the charge), payments (split tender is
 * several payments), refunds of payments, adjustments, and an optional instalment plan. Every money movement is a
 * new state of this one document written with optimistic concurrency, so nothing half-posts and concurrent refunds
 * are checked against each other. Plain rules, no framework.
 */
public record Invoice(String id, String patientId, String locationId, Kind kind, String quoteId, String appointmentId,
                      String currency, List<Line> lines, BigDecimal total, LocalDate dueOn, Status status,
                      List<Payment> payments, List<Refund> refunds, List<Adjustment> adjustments,
                      List<Instalment> plan, Instant createdAt, boolean overdueNotified, CancellationOutcome cancellation) {

    /**
     * What the cancellation policy decided for a deposit: cancelled so many days ahead, the tier's refund percentage,
     * the part of what was paid that is refundable (a credit on this invoice until billing staff refund it to the
     * original tender) and the rest, kept as the late-cancellation fee.
     */
    public record CancellationOutcome(long daysBefore, BigDecimal refundPercent, BigDecimal refundable,
                                      BigDecimal lateCancellationFee) {
    }

    /** Reason prefix of the adjustment that posts a late-cancellation fee. */
    public static final String LATE_CANCELLATION_FEE = "Late-cancellation fee";

    /**
     * Applies the cancellation policy to this deposit, in one write: the deposit's charge is released (the surgery will
     * not happen) and the part of what was paid that is not refundable is charged back as a late-cancellation fee.
     * Both are adjustments, so the ledger shows them; the balance becomes minus the refundable part (a credit the
     * patient is owed), and a refund of it brings the balance to zero. A deposit with nothing paid is simply void.
     * Applying it twice changes nothing.
     */
    public Invoice cancelledByPolicy(long daysBefore, BigDecimal refundPercent, Instant at) {
        if (cancellation != null || status == Status.VOID) {
            return this;
        }
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal kept = paid().subtract(refunded());
        BigDecimal refundable = kept.multiply(refundPercent).divide(BigDecimal.valueOf(100), digits, java.math.RoundingMode.HALF_EVEN);
        BigDecimal fee = kept.subtract(refundable);
        CancellationOutcome outcome = new CancellationOutcome(daysBefore, refundPercent, refundable, fee);
        if (kept.signum() == 0) {
            return voided().withCancellation(outcome);
        }
        List<Adjustment> next = new ArrayList<>(adjustments);
        next.add(new Adjustment("cxl-" + id + "-release", total.add(adjusted()).negate(),
                "Surgery cancelled " + daysBefore + " days ahead: deposit charge released", at, "cancellation-policy"));
        if (fee.signum() > 0) {
            next.add(new Adjustment("cxl-" + id + "-fee", fee, LATE_CANCELLATION_FEE + ": "
                    + refundPercent.stripTrailingZeros().toPlainString() + "% of the deposit refundable when cancelled "
                    + daysBefore + " days ahead", at, "cancellation-policy"));
        }
        return with(payments, refunds, next).withCancellation(outcome);
    }

    private Invoice withCancellation(CancellationOutcome outcome) {
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, status,
                payments, refunds, adjustments, plan, createdAt, overdueNotified, outcome);
    }

    /** Moves the due date (the surgery was rescheduled); a later date may be reminded of again. */
    public Invoice withDueOn(LocalDate newDueOn) {
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, newDueOn, status,
                payments, refunds, adjustments, plan, createdAt, overdueNotified && !newDueOn.isAfter(dueOn), cancellation);
    }

    public enum Kind { DEPOSIT, BALANCE, PROCEDURE, FEE }

    public enum Status { OPEN, PAID, VOID }

    public enum Tender { CARD, CASH, CHECK, FINANCING, INSURANCE }

    public record Line(String code, String description, BigDecimal amount, boolean taxable) {
    }

    /** {@code reference} is the payment provider's token or transaction id, a check number, or the lender's id. */
    public record Payment(String id, BigDecimal amount, Tender tender, String reference, Instant receivedAt, String receivedBy) {
    }

    public record Refund(String id, String paymentId, BigDecimal amount, String reason, Instant issuedAt, String issuedBy) {
    }

    /** A correction of the charge: negative lowers it (discount, write-off, contractual adjustment), positive raises it. */
    public record Adjustment(String id, BigDecimal amount, String reason, Instant at, String by) {
    }

    public record Instalment(int number, LocalDate dueOn, BigDecimal amount, boolean overdueNotified) {
    }

    /** One line of the ledger: positive adds to what the patient owes, negative lowers it. */
    public record Posting(Instant at, String type, String reference, BigDecimal amount) {
    }

    /** A rule of money was broken; {@code field} names the input at fault. */
    public static final class Refused extends RuntimeException {
        public final String code;
        public final String field;

        Refused(String code, String field, String message) {
            super(message);
            this.code = code;
            this.field = field;
        }
    }

    public Invoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
        payments = payments == null ? List.of() : List.copyOf(payments);
        refunds = refunds == null ? List.of() : List.copyOf(refunds);
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
        plan = plan == null ? List.of() : List.copyOf(plan);
    }

    public static Invoice open(String id, String patientId, String locationId, Kind kind, String quoteId, String appointmentId,
                               String currency, List<Line> lines, LocalDate dueOn, Instant now) {
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn,
                total.signum() == 0 ? Status.PAID : Status.OPEN, List.of(), List.of(), List.of(), List.of(), now, false, null);
    }

    public BigDecimal paid() {
        return payments.stream().map(Payment::amount).reduce(zero(), BigDecimal::add);
    }

    public BigDecimal refunded() {
        return refunds.stream().map(Refund::amount).reduce(zero(), BigDecimal::add);
    }

    public BigDecimal adjusted() {
        return adjustments.stream().map(Adjustment::amount).reduce(zero(), BigDecimal::add);
    }

    /** What the patient still owes on this invoice: charge + adjustments − payments + refunds. */
    public BigDecimal balance() {
        return total.add(adjusted()).subtract(paid()).add(refunded());
    }

    public BigDecimal refundedOf(String paymentId) {
        return refunds.stream().filter(r -> r.paymentId().equals(paymentId)).map(Refund::amount).reduce(zero(), BigDecimal::add);
    }

    public boolean hasPayment(String paymentId) {
        return payments.stream().anyMatch(p -> p.id().equals(paymentId));
    }

    public boolean hasRefund(String refundId) {
        return refunds.stream().anyMatch(r -> r.id().equals(refundId));
    }

    /** Takes a payment; refused on a void invoice or beyond what is owed. */
    public Invoice pay(Payment payment) {
        if (status == Status.VOID) {
            throw new Refused("invoice-void", "invoiceId", "This invoice is void; nothing can be paid on it.");
        }
        if (payment.amount().signum() <= 0) {
            throw new Refused("invalid-amount", "amount", "A payment must be more than zero.");
        }
        if (payment.amount().compareTo(balance()) > 0) {
            throw new Refused("exceeds-balance", "amount", "The payment of " + payment.amount() + " is more than the "
                    + balance() + " " + currency + " still owed.");
        }
        List<Payment> next = new ArrayList<>(payments);
        next.add(payment);
        return with(next, refunds, adjustments);
    }

    /** Refunds (part of) a payment; the refunds of one payment never exceed it. */
    public Invoice refund(Refund refund) {
        Payment payment = payments.stream().filter(p -> p.id().equals(refund.paymentId())).findFirst()
                .orElseThrow(() -> new Refused("unknown-payment", "paymentId", "This invoice has no such payment."));
        if (refund.amount().signum() <= 0) {
            throw new Refused("invalid-amount", "amount", "A refund must be more than zero.");
        }
        BigDecimal left = payment.amount().subtract(refundedOf(payment.id()));
        if (refund.amount().compareTo(left) > 0) {
            throw new Refused("exceeds-payment", "amount", "Only " + left + " " + currency + " of this payment is left to refund.");
        }
        List<Refund> next = new ArrayList<>(refunds);
        next.add(refund);
        return with(payments, next, adjustments);
    }

    /** Corrects the charge; it never drops below what is already paid (no silent credit). */
    public Invoice adjust(Adjustment adjustment) {
        if (status == Status.VOID) {
            throw new Refused("invoice-void", "invoiceId", "This invoice is void.");
        }
        BigDecimal charge = total.add(adjusted()).add(adjustment.amount());
        if (charge.compareTo(paid().subtract(refunded())) < 0) {
            throw new Refused("below-paid", "amount", "The charge cannot drop below what was paid; refund first.");
        }
        List<Adjustment> next = new ArrayList<>(adjustments);
        next.add(adjustment);
        return with(payments, refunds, next);
    }

    public Invoice voided() {
        if (paid().compareTo(refunded()) != 0) {
            throw new Refused("has-payments", "invoiceId", "Refund the payments before voiding this invoice.");
        }
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, Status.VOID,
                payments, refunds, adjustments, plan, createdAt, overdueNotified, cancellation);
    }

    /** Splits what is owed into {@code count} instalments, the rounding remainder on the last. */
    public Invoice withPlan(int count, LocalDate first, int everyDays) {
        if (status != Status.OPEN) {
            throw new Refused("not-open", "invoiceId", "Only an open invoice can be paid in instalments.");
        }
        BigDecimal owed = balance();
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal each = owed.divide(BigDecimal.valueOf(count), digits, java.math.RoundingMode.DOWN);
        List<Instalment> instalments = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            BigDecimal amount = i == count ? owed.subtract(each.multiply(BigDecimal.valueOf(count - 1))) : each;
            instalments.add(new Instalment(i, first.plusDays((long) (i - 1) * everyDays), amount, false));
        }
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, status,
                payments, refunds, adjustments, instalments, createdAt, overdueNotified, cancellation);
    }

    /** Instalments not covered by what was paid so far, as of {@code today}: due and unpaid. */
    public List<Instalment> overdueInstalments(LocalDate today) {
        BigDecimal covered = paid().subtract(refunded());
        List<Instalment> overdue = new ArrayList<>();
        BigDecimal cumulative = zero();
        for (Instalment instalment : plan) {
            cumulative = cumulative.add(instalment.amount());
            if (instalment.dueOn().isBefore(today) && covered.compareTo(cumulative) < 0) {
                overdue.add(instalment);
            }
        }
        return overdue;
    }

    Invoice instalmentNotified(int number) {
        List<Instalment> next = plan.stream().map(i -> i.number() == number
                ? new Instalment(i.number(), i.dueOn(), i.amount(), true) : i).toList();
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, status,
                payments, refunds, adjustments, next, createdAt, overdueNotified, cancellation);
    }

    Invoice markOverdueNotified() {
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, status,
                payments, refunds, adjustments, plan, createdAt, true, cancellation);
    }

    /** The invoice as ledger postings, oldest first; their sum is the balance. */
    public List<Posting> postings() {
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(createdAt, "CHARGE", id, total));
        adjustments.forEach(a -> postings.add(new Posting(a.at(), "ADJUSTMENT", a.id(), a.amount())));
        payments.forEach(p -> postings.add(new Posting(p.receivedAt(), "PAYMENT", p.id(), p.amount().negate())));
        refunds.forEach(r -> postings.add(new Posting(r.issuedAt(), "REFUND", r.id(), r.amount())));
        postings.sort(java.util.Comparator.comparing(Posting::at));
        return postings;
    }

    private Invoice with(List<Payment> newPayments, List<Refund> newRefunds, List<Adjustment> newAdjustments) {
        Invoice draft = new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn,
                status, newPayments, newRefunds, newAdjustments, plan, createdAt, overdueNotified, cancellation);
        // nothing owed, or a credit owed to the patient (a refundable cancelled deposit), is PAID: not chased, not aged
        Status next = status == Status.VOID ? Status.VOID : draft.balance().signum() <= 0 ? Status.PAID : Status.OPEN;
        return new Invoice(id, patientId, locationId, kind, quoteId, appointmentId, currency, lines, total, dueOn, next,
                newPayments, newRefunds, newAdjustments, plan, createdAt, overdueNotified, cancellation);
    }

    private BigDecimal zero() {
        return BigDecimal.ZERO.setScale(java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    }
}
