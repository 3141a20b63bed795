package health.liaison.billing.invoices;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any sequence of charges, payments, refunds and adjustments — the ones the rules refuse included — the ledger
 * balances: the postings sum to the balance, no payment is refunded beyond itself, nothing is owed below zero, and
 * the amounts stay exact to the cent.
 */
class LedgerPropertiesTest {

    record Step(int kind, BigDecimal amount, int pick) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<BigDecimal> cents = Arbitraries.longs().between(1, 500_000).map(c -> BigDecimal.valueOf(c, 2));
        return Combinators.combine(Arbitraries.integers().between(0, 3), cents, Arbitraries.integers().between(0, 9))
                .as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 400)
    void theLedgerAlwaysBalances(@ForAll("steps") List<Step> steps,
                                 @ForAll("charges") BigDecimal charge) {
        Invoice invoice = Invoice.open("inv", "pat", "loc", Invoice.Kind.PROCEDURE, null, null, "USD",
                List.of(new Invoice.Line("SURGEON", "Surgeon fee", charge, false)), LocalDate.of(2026, 5, 1), Instant.EPOCH);
        int n = 0;
        for (Step step : steps) {
            Instant at = Instant.EPOCH.plusSeconds(++n);
            try {
                invoice = switch (step.kind()) {
                    case 0 -> invoice.pay(new Invoice.Payment("p" + n, step.amount(), Invoice.Tender.CARD, "tok", at, "u"));
                    case 1 -> invoice.payments().isEmpty() ? invoice : invoice.refund(new Invoice.Refund("r" + n,
                            invoice.payments().get(step.pick() % invoice.payments().size()).id(), step.amount(), "x", at, "u"));
                    case 2 -> invoice.adjust(new Invoice.Adjustment("a" + n, step.amount().negate(), "discount", at, "u"));
                    default -> invoice.adjust(new Invoice.Adjustment("a" + n, step.amount(), "extra", at, "u"));
                };
            } catch (Invoice.Refused refused) {
                // a refused step changes nothing
            }
            BigDecimal sum = invoice.postings().stream().map(Invoice.Posting::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).isEqualByComparingTo(invoice.balance());
            assertThat(invoice.balance().signum()).isGreaterThanOrEqualTo(0);
            assertThat(invoice.balance().scale()).isEqualTo(2);
            for (Invoice.Payment payment : invoice.payments()) {
                assertThat(invoice.refundedOf(payment.id())).isLessThanOrEqualTo(payment.amount());
            }
            assertThat(invoice.status()).isEqualTo(invoice.balance().signum() == 0 ? Invoice.Status.PAID : Invoice.Status.OPEN);
        }
    }

    @Property(tries = 300)
    void aCancelledDepositSplitsWhatWasPaidExactlyIntoRefundableAndFeeAndTheLedgerStillBalances(
            @ForAll("charges") BigDecimal charge, @ForAll("steps") List<Step> payments, @ForAll("percents") BigDecimal percent) {
        Invoice deposit = Invoice.open("dep", "pat", "loc", Invoice.Kind.DEPOSIT, "q", "apt", "USD",
                List.of(new Invoice.Line("DEPOSIT", "Deposit", charge.add(BigDecimal.ONE), false)), LocalDate.of(2026, 5, 1), Instant.EPOCH);
        int n = 0;
        for (Step step : payments) {
            try {
                deposit = deposit.pay(new Invoice.Payment("p" + ++n, step.amount(), Invoice.Tender.CASH, null, Instant.EPOCH.plusSeconds(n), "u"));
            } catch (Invoice.Refused refused) {
                // beyond the balance: refused, nothing changes
            }
        }
        BigDecimal paid = deposit.paid();
        Invoice cancelled = deposit.cancelledByPolicy(12, percent, Instant.EPOCH.plusSeconds(1000));
        Invoice.CancellationOutcome outcome = cancelled.cancellation();
        assertThat(outcome.refundable().add(outcome.lateCancellationFee())).isEqualByComparingTo(paid);
        assertThat(outcome.refundable().scale()).isEqualTo(2);
        assertThat(cancelled.cancelledByPolicy(12, percent, Instant.EPOCH.plusSeconds(2000))).isEqualTo(cancelled);
        if (paid.signum() == 0) {
            assertThat(cancelled.status()).isEqualTo(Invoice.Status.VOID);
            return;
        }
        BigDecimal sum = cancelled.postings().stream().map(Invoice.Posting::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(cancelled.balance());
        assertThat(cancelled.balance()).isEqualByComparingTo(outcome.refundable().negate());
        assertThat(cancelled.status()).isEqualTo(Invoice.Status.PAID);
        // refunding the refundable part from the payments, in order, leaves nothing either way
        BigDecimal left = outcome.refundable();
        int r = 0;
        for (Invoice.Payment payment : cancelled.payments()) {
            BigDecimal part = left.min(payment.amount());
            if (part.signum() > 0) {
                cancelled = cancelled.refund(new Invoice.Refund("r" + ++r, payment.id(), part, "policy", Instant.EPOCH.plusSeconds(3000), "u"));
                left = left.subtract(part);
            }
        }
        assertThat(cancelled.balance()).isEqualByComparingTo("0");
        assertThat(cancelled.status()).isEqualTo(Invoice.Status.PAID);
    }

    @Provide
    Arbitrary<BigDecimal> percents() {
        return Arbitraries.integers().between(0, 10_000).map(p -> BigDecimal.valueOf(p, 2));
    }

    @Provide
    Arbitrary<BigDecimal> charges() {
        return Arbitraries.longs().between(0, 5_000_000).map(c -> BigDecimal.valueOf(c, 2));
    }

    @Property(tries = 200)
    void anInstalmentPlanSplitsWhatIsOwedExactly(@ForAll("charges") BigDecimal charge,
                                                 @ForAll("counts") int count) {
        Invoice invoice = Invoice.open("inv", "pat", "loc", Invoice.Kind.BALANCE, null, null, "USD",
                List.of(new Invoice.Line("BALANCE", "Balance", charge.add(BigDecimal.ONE), false)), LocalDate.of(2026, 5, 1), Instant.EPOCH);
        Invoice planned = invoice.withPlan(count, LocalDate.of(2026, 6, 1), 30);
        BigDecimal sum = planned.plan().stream().map(Invoice.Instalment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(invoice.balance());
        assertThat(planned.plan()).allSatisfy(i -> assertThat(i.amount().signum()).isGreaterThanOrEqualTo(0));
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(1, 24);
    }
}
