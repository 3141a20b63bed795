package health.liaison.billing.feeschedules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a procedure costs at one clinic: the surgeon's fee (per surgeon where prices differ), anesthesia by started
 * 15 minutes, the facility/OR fee, implants and supplies, garments and labs; which lines are taxed and at what rate
 * (some jurisdictions tax cosmetic procedures); the deposit policy; the largest discount a coordinator may give
 * without approval; the cancellation policy (share of the deposit refunded by days before surgery) and the
 * no-show fee.
 */
public record FeeSchedule(String id, String locationId, String appointmentTypeId, String currency, BigDecimal surgeonFee,
                          Map<String, BigDecimal> surgeonFees, BigDecimal anesthesiaPer15Minutes, BigDecimal facilityFee,
                          BigDecimal implantsAndSupplies, BigDecimal garments, BigDecimal labs, BigDecimal taxRatePercent,
                          List<String> taxedLines, BigDecimal depositPercent, int depositDueDays,
                          BigDecimal discountApprovalAbovePercent, List<CancellationTier> cancellation, BigDecimal noShowFee,
                          int balanceDueDays, BigDecimal depositAmount) {

    /** Cancelled at least {@code daysBefore} days before surgery: {@code refundPercent} of the deposit is refunded. */
    public record CancellationTier(int daysBefore, BigDecimal refundPercent) {
    }

    public FeeSchedule {
        surgeonFees = surgeonFees == null ? Map.of() : Map.copyOf(surgeonFees);
        taxedLines = taxedLines == null ? List.of() : List.copyOf(taxedLines);
        cancellation = cancellation == null ? List.of() : cancellation.stream()
                .sorted(java.util.Comparator.comparingInt(CancellationTier::daysBefore).reversed()).toList();
    }

    /** The deposit policy as a line text: "20% of the quote" or "a fixed 1,500.00". */
    public String depositPolicy() {
        return depositAmount != null ? "fixed " + depositAmount.toPlainString() + " " + currency
                : depositPercent.stripTrailingZeros().toPlainString() + "%";
    }

    /** The share of the deposit refunded when cancelled {@code daysBefore} days ahead (the best tier reached). */
    public BigDecimal refundPercentAt(long daysBefore) {
        return cancellation.stream().filter(t -> daysBefore >= t.daysBefore()).map(CancellationTier::refundPercent)
                .findFirst().orElse(BigDecimal.ZERO);
    }
}
