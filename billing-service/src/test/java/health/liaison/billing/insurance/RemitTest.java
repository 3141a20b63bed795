package health.liaison.billing.insurance;

import health.liaison.billing.invoices.Invoice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How an 835's claim posts line by line: payments and write-offs per line add up to the claim's figures. */
class RemitTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void eachServiceLinePostsItsPaymentAndWriteOffAndTheClaimLevelAdjustmentIsSharedSoTheTotalsHold() {
        Claim claim = claim(line("99213", "100.00"), line("87070", "50.00"));
        // line 1: charged 100, paid 80, CO-45 20; line 2: charged 50, paid 40, PR-2 10; claim level CO-A2 12
        Transactions.ClaimPayment payment = new Transactions.ClaimPayment("0000000042", "1", new BigDecimal("150.00"),
                new BigDecimal("108.00"), new BigDecimal("10.00"), List.of(adj("CO", "A2", "12.00")), List.of(
                new Transactions.ServicePayment("HC:99213", new BigDecimal("100.00"), new BigDecimal("80.00"), List.of(adj("CO", "45", "20.00"))),
                new Transactions.ServicePayment("HC:87070", new BigDecimal("50.00"), new BigDecimal("40.00"), List.of(adj("PR", "2", "10.00")))));

        Remit.Plan plan = Remit.plan(claim, payment, "era-T1-0000000042", "835 T1");

        assertThat(plan.payments()).extracting(p -> p.id() + "=" + p.amount().toPlainString())
                .containsExactly("era-T1-0000000042-1=72.00", "era-T1-0000000042-2=36.00");
        assertThat(plan.paid()).isEqualByComparingTo("108.00");
        assertThat(plan.adjustments()).extracting(p -> p.id() + "=" + p.amount().toPlainString())
                .containsExactly("era-T1-0000000042-claim=12.00", "era-T1-0000000042-1-adj=20.00");
        assertThat(plan.lines().get(0).paid()).isEqualByComparingTo("72.00");
        assertThat(plan.lines().get(0).adjusted()).isEqualByComparingTo("20.00");
        assertThat(plan.lines().get(0).patientResponsibility()).isEqualByComparingTo("0.00");
        assertThat(plan.lines().get(1).paid()).isEqualByComparingTo("36.00");
        assertThat(plan.lines().get(1).patientResponsibility()).isEqualByComparingTo("10.00");

        // posted to the claim's invoice, what is left is exactly the patient's share
        Invoice invoice = Invoice.open("clm-1", "pat-1", "loc-1", Invoice.Kind.PROCEDURE, null, null, "USD",
                List.of(new Invoice.Line("99213", "CPT 99213", new BigDecimal("100.00"), false),
                        new Invoice.Line("87070", "CPT 87070", new BigDecimal("50.00"), false)), LocalDate.of(2027, 1, 1), NOW);
        for (Remit.Posting p : plan.adjustments()) {
            invoice = invoice.adjust(new Invoice.Adjustment(p.id(), p.amount().negate(), p.note(), NOW, "835"));
        }
        for (Remit.Posting p : plan.payments()) {
            invoice = invoice.pay(new Invoice.Payment(p.id(), p.amount(), Invoice.Tender.INSURANCE, p.note(), NOW, "835"));
        }
        assertThat(invoice.paid()).isEqualByComparingTo("108.00");
        assertThat(invoice.adjusted()).isEqualByComparingTo("-32.00");
        assertThat(invoice.balance()).isEqualByComparingTo("10.00");
    }

    @Test
    void linesAreMatchedByCodeAndModifiersInOrderAndAnUnknownLineStillPosts() {
        Claim claim = claim(line("15830", "60.00"), new Claim.Line("15830", List.of("59"), new BigDecimal("40.00"), 1, LocalDate.of(2026, 11, 2), null, null, null));
        Transactions.ClaimPayment payment = new Transactions.ClaimPayment("0000000043", "1", new BigDecimal("120.00"),
                new BigDecimal("90.00"), BigDecimal.ZERO, List.of(), List.of(
                new Transactions.ServicePayment("HC:15830:59", new BigDecimal("40.00"), new BigDecimal("30.00"), List.of(adj("CO", "45", "10.00"))),
                new Transactions.ServicePayment("HC:15830", new BigDecimal("60.00"), new BigDecimal("50.00"), List.of(adj("CO", "45", "10.00"))),
                new Transactions.ServicePayment("HC:99999", new BigDecimal("20.00"), new BigDecimal("10.00"), List.of(adj("CO", "45", "10.00")))));
        Remit.Plan plan = Remit.plan(claim, payment, "era-T2-0000000043", "835 T2");
        assertThat(plan.lines().get(0).paid()).isEqualByComparingTo("50.00");
        assertThat(plan.lines().get(1).paid()).isEqualByComparingTo("30.00");
        assertThat(plan.paid()).isEqualByComparingTo("90.00");
        assertThat(plan.payments().get(2).note()).contains("no matching claim line");
    }

    @Test
    void sharesAddUpToTheTotalExactly() {
        List<BigDecimal> shares = Remit.shares(new BigDecimal("10.00"),
                List.of(new BigDecimal("33.33"), new BigDecimal("33.33"), new BigDecimal("33.34")));
        assertThat(shares).extracting(BigDecimal::toPlainString).containsExactly("3.33", "3.33", "3.34");
        assertThat(Remit.shares(new BigDecimal("5.00"), List.of(BigDecimal.ZERO))).extracting(BigDecimal::toPlainString).containsExactly("0.00");
    }

    private static Claim claim(Claim.Line... lines) {
        BigDecimal total = List.of(lines).stream().map(Claim.Line::charge).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Claim("c-1", "0000000042", "pat-1", "cov-1", "loc-1", null, List.of("N62"), List.of(lines), total,
                null, "SUBMITTED", null, null, NOW, List.of(), NOW);
    }

    private static Claim.Line line(String cpt, String charge) {
        return new Claim.Line(cpt, List.of(), new BigDecimal(charge), 1, LocalDate.of(2026, 11, 2), null, null, null);
    }

    private static Transactions.Adjustment adj(String group, String reason, String amount) {
        return new Transactions.Adjustment(group, reason, new BigDecimal(amount));
    }
}
