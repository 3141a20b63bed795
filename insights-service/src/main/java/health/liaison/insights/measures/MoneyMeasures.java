package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import static health.liaison.insights.measures.FactWindow.instant;
import static health.liaison.insights.measures.FactWindow.seconds;

/**
 * Money as billing's events tell it, each figure counted on its own clock's local day: quotes issued and accepted,
 * deposits invoiced and paid (and the days between), payments, refunds, invoices overdue, claims submitted, paid and
 * denied, and the sums billing's events state: quoted (a quote's latest total), accepted, deposits and payments
 * collected, exact decimals in the clinic's one currency.
 */
@Component
public class MoneyMeasures {

    private final FactWindow facts;

    MoneyMeasures(FactWindow facts) {
        this.facts = facts;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<Acc> tab = new Tabulation<>(query, Acc::new);
        List<String> clinicRow = Collections.singletonList(null);
        boolean byProcedure = query.by() == Grouping.PROCEDURE;
        for (ClinicCalendar clinic : query.clinics()) {
            for (Document quote : facts.at(clinic, query, ReadModels.QUOTES, "issuedAt")) {
                tab.add(clinic, instant(quote, "issuedAt"), procedure(quote, byProcedure), acc -> {
                    acc.quotesIssued++;
                    acc.quoted.add(quote, "quotedTotal", "currency");
                });
            }
            for (Document quote : facts.at(clinic, query, ReadModels.QUOTES, "acceptedAt")) {
                tab.add(clinic, instant(quote, "acceptedAt"), procedure(quote, byProcedure), acc -> {
                    acc.quotesAccepted++;
                    acc.accepted.add(quote, "acceptedTotal", "acceptedCurrency");
                });
            }
            for (Document deposit : facts.at(clinic, query, ReadModels.DEPOSITS, "invoicedAt")) {
                tab.add(clinic, instant(deposit, "invoicedAt"), procedure(deposit, byProcedure), acc -> acc.depositsInvoiced++);
            }
            for (Document deposit : facts.at(clinic, query, ReadModels.DEPOSITS, "paidAt")) {
                tab.add(clinic, instant(deposit, "paidAt"), procedure(deposit, byProcedure), acc -> {
                    acc.depositsPaid++;
                    acc.deposits.add(deposit, "amount", "currency");
                    Long waited = seconds(instant(deposit, "invoicedAt"), instant(deposit, "paidAt"));
                    if (waited != null) {
                        acc.daysToDeposit.add(waited);
                    }
                });
            }
            for (Document payment : facts.at(clinic, query, ReadModels.PAYMENTS, "receivedAt")) {
                tab.add(clinic, instant(payment, "receivedAt"), clinicRow, acc -> {
                    acc.payments++;
                    acc.collected.add(payment, "amount", "currency");
                });
            }
            count(tab, clinic, query, ReadModels.REFUNDS, "issuedAt", acc -> acc.refunds++);
            count(tab, clinic, query, ReadModels.OVERDUE_INVOICES, "detectedAt", acc -> acc.overdue++);
            count(tab, clinic, query, ReadModels.CLAIMS, "submittedAt", acc -> acc.claimsSubmitted++);
            count(tab, clinic, query, ReadModels.CLAIMS, "paidAt", acc -> acc.claimsPaid++);
            count(tab, clinic, query, ReadModels.CLAIMS, "deniedAt", acc -> acc.claimsDenied++);
        }
        return tab.table("money", List.of("quotesIssued", "quotesAccepted", "depositsInvoiced", "depositsPaid",
                "daysToDepositMean", "paymentsReceived", "refundsIssued", "invoicesOverdue", "claimsSubmitted", "claimsPaid",
                "claimsDenied", "claimDenialRate", "currency", "quotedAmount", "acceptedAmount", "depositsCollected",
                "paymentsCollected"), (acc, row) -> {
            row.put("quotesIssued", acc.quotesIssued);
            row.put("quotesAccepted", acc.quotesAccepted);
            row.put("depositsInvoiced", acc.depositsInvoiced);
            row.put("depositsPaid", acc.depositsPaid);
            row.put("daysToDepositMean", Stats.days(Stats.mean(acc.daysToDeposit)));
            row.put("paymentsReceived", acc.payments);
            row.put("refundsIssued", acc.refunds);
            row.put("invoicesOverdue", acc.overdue);
            row.put("claimsSubmitted", acc.claimsSubmitted);
            row.put("claimsPaid", acc.claimsPaid);
            row.put("claimsDenied", acc.claimsDenied);
            row.put("claimDenialRate", Stats.rate(acc.claimsDenied, acc.claimsPaid + acc.claimsDenied));
            row.put("currency", MoneySum.currencyOf(acc.quoted, acc.accepted, acc.deposits, acc.collected));
            row.put("quotedAmount", acc.quoted.total());
            row.put("acceptedAmount", acc.accepted.total());
            row.put("depositsCollected", acc.deposits.total());
            row.put("paymentsCollected", acc.collected.total());
        });
    }

    /** Split by procedure, a quote's or deposit's appointment type (an empty one when not known); else the clinic's row. */
    private static List<String> procedure(Document fact, boolean byProcedure) {
        String type = byProcedure ? fact.getString("appointmentTypeId") : null;
        return Collections.singletonList(byProcedure && type == null ? "" : type);
    }

    private void count(Tabulation<Acc> tab, ClinicCalendar clinic, InsightQuery query, String collection, String clock, Consumer<Acc> change) {
        for (Document fact : facts.at(clinic, query, collection, clock)) {
            tab.add(clinic, instant(fact, clock), Collections.singletonList(null), change);
        }
    }

    private static final class Acc {
        long quotesIssued, quotesAccepted, depositsInvoiced, depositsPaid, payments, refunds, overdue, claimsSubmitted,
                claimsPaid, claimsDenied;
        final List<Long> daysToDeposit = new ArrayList<>();
        final MoneySum quoted = new MoneySum(), accepted = new MoneySum(), deposits = new MoneySum(), collected = new MoneySum();
    }
}
