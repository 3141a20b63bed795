package health.liaison.billing.insurance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * How one claim of an 835 posts to its invoice, line by line. Where the 835 gives SVC lines, each is matched to a
 * claim line (by procedure code and modifiers, in order) and posts its own payment and its own payer write-off
 * (CO/OA/PI; PR stays with the patient). Claim-level CAS lower what the lines were paid (X12 balancing:
 * CLP04 = sum of SVC03 − claim-level CAS), so they are shared over the lines pro rata to SVC03 (the cent left by
 * rounding on the best-paid line): the line payments add up to CLP04 exactly. Without SVC lines the claim posts one
 * payment of CLP04. Posting ids derive from the remittance's trace number and the claim control number, so the
 * same 835 posts once. Plain Java.
 */
final class Remit {

    private Remit() {
    }

    /** One posting: an adjustment (amount written off, positive) or a payment. */
    record Posting(String id, BigDecimal amount, String note) {
    }

    /** The postings of one claim and its lines with what the 835 said of each. */
    record Plan(List<Posting> adjustments, List<Posting> payments, List<Claim.Line> lines) {
        BigDecimal writtenOff() {
            return adjustments.stream().map(Posting::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        }

        BigDecimal paid() {
            return payments.stream().map(Posting::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        }
    }

    /** Was this posting id made by the remittance {@code remitId}? */
    static boolean isOf(String postingId, String remitId) {
        return postingId.equals(remitId) || postingId.startsWith(remitId + "-");
    }

    static Plan plan(Claim claim, Transactions.ClaimPayment payment, String remitId, String reference) {
        List<Posting> adjustments = new ArrayList<>();
        List<Posting> payments = new ArrayList<>();
        List<Claim.Line> lines = new ArrayList<>(claim.lines());
        BigDecimal claimWriteOff = nonPatient(payment.adjustments());
        if (claimWriteOff.signum() != 0) {
            adjustments.add(new Posting(remitId + "-claim", claimWriteOff, "payer adjustment " + codes(payment.adjustments())));
        }
        List<Transactions.ServicePayment> services = payment.services();
        if (services.isEmpty()) {
            if (payment.paid().signum() > 0) {
                payments.add(new Posting(remitId, payment.paid(), reference));
            }
            return new Plan(adjustments, payments, lines);
        }
        List<BigDecimal> reductions = shares(sum(payment.adjustments()), services.stream().map(Transactions.ServicePayment::paid).toList());
        boolean[] taken = new boolean[lines.size()];
        for (int i = 0; i < services.size(); i++) {
            Transactions.ServicePayment service = services.get(i);
            int n = i + 1;
            int line = match(claim.lines(), taken, service);
            String where = line >= 0 ? "line " + (line + 1) + " (" + service.code() + ")"
                    : "SVC " + n + " (" + service.code() + ", no matching claim line)";
            BigDecimal writeOff = nonPatient(service.adjustments());
            BigDecimal patient = service.adjustments().stream().filter(a -> a.group().equals("PR"))
                    .map(Transactions.Adjustment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            BigDecimal paid = service.paid().subtract(reductions.get(i));
            if (writeOff.signum() != 0) {
                adjustments.add(new Posting(remitId + "-" + n + "-adj", writeOff, "payer adjustment " + where + " " + codes(service.adjustments())));
            }
            if (paid.signum() > 0) {
                payments.add(new Posting(remitId + "-" + n, paid, reference + " " + where));
            }
            if (line >= 0) {
                lines.set(line, lines.get(line).remitted(paid, writeOff, patient));
            }
        }
        return new Plan(adjustments, payments, lines);
    }

    /** {@code total} shared pro rata to {@code weights}, half-even to the cent, the remainder on the largest weight. */
    static List<BigDecimal> shares(BigDecimal total, List<BigDecimal> weights) {
        List<BigDecimal> shares = new ArrayList<>();
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.signum() == 0 || sum.signum() <= 0) {
            weights.forEach(w -> shares.add(BigDecimal.ZERO.setScale(2)));
            return shares;
        }
        int largest = 0;
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal share = total.multiply(weights.get(i)).divide(sum, 2, RoundingMode.HALF_EVEN);
            shares.add(share);
            given = given.add(share);
            if (weights.get(i).compareTo(weights.get(largest)) > 0) {
                largest = i;
            }
        }
        shares.set(largest, shares.get(largest).add(total.subtract(given)));
        return shares;
    }

    /** The first claim line not yet matched with this procedure code, preferring the same modifiers. */
    private static int match(List<Claim.Line> lines, boolean[] taken, Transactions.ServicePayment service) {
        int sameCode = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (taken[i] || !lines.get(i).cpt().equals(service.code())) {
                continue;
            }
            if (lines.get(i).modifiers().equals(service.modifiers())) {
                taken[i] = true;
                return i;
            }
            if (sameCode < 0) {
                sameCode = i;
            }
        }
        if (sameCode >= 0) {
            taken[sameCode] = true;
        }
        return sameCode;
    }

    private static BigDecimal nonPatient(List<Transactions.Adjustment> adjustments) {
        return adjustments.stream().filter(a -> !a.group().equals("PR")).map(Transactions.Adjustment::amount)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private static BigDecimal sum(List<Transactions.Adjustment> adjustments) {
        return adjustments.stream().map(Transactions.Adjustment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private static List<String> codes(List<Transactions.Adjustment> adjustments) {
        return adjustments.stream().filter(a -> !a.group().equals("PR")).map(a -> a.group() + "-" + a.reason()).toList();
    }
}
