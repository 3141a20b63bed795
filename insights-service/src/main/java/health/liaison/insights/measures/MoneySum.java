package health.liaison.insights.measures;

import org.bson.Document;

import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;

/**
 * An exact sum of the amounts billing's events stated (decimal strings in the fact documents), with the currencies
 * they were in. Amounts of different currencies are never added: such a sum has no total and its currency is
 * {@code MIXED}. Facts published before billing stated amounts have none and add nothing.
 */
final class MoneySum {

    static final String MIXED = "MIXED";

    private BigDecimal sum = BigDecimal.ZERO;
    private final Set<String> currencies = new TreeSet<>();

    void add(Document fact, String amountField, String currencyField) {
        String amount = fact.getString(amountField);
        if (amount == null) {
            return;
        }
        sum = sum.add(new BigDecimal(amount));
        String currency = fact.getString(currencyField);
        if (currency != null) {
            currencies.add(currency);
        }
    }

    /** The sum, or null when it would add different currencies. */
    BigDecimal total() {
        return currencies.size() > 1 ? null : sum;
    }

    /** The one currency of all the sums, {@code MIXED} when they hold more than one, null when none has an amount. */
    static String currencyOf(MoneySum... sums) {
        Set<String> all = new TreeSet<>();
        for (MoneySum sum : sums) {
            all.addAll(sum.currencies);
        }
        return all.isEmpty() ? null : all.size() == 1 ? all.iterator().next() : MIXED;
    }
}
