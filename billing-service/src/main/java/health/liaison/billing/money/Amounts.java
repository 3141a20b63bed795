package health.liaison.billing.money;

import health.liaison.platform.web.ApiProblem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Set;

/**
 * Exact money: amounts are BigDecimal in the currency's minor unit (USD 2 decimals, JPY 0), never binary floating
 * point. Input with more decimals than the currency has is refused, not rounded; computed shares (percentages,
 * tax) round half-even to the minor unit.
 */
public final class Amounts {

    /** The currencies the practice groups bill in; others are refused rather than guessed. */
    public static final Set<String> CURRENCIES = Set.of("USD", "CAD", "EUR", "GBP", "MXN", "AUD", "JPY", "CHF");

    private Amounts() {
    }

    public static Currency currency(String code, String field) {
        if (code == null || !CURRENCIES.contains(code)) {
            throw ApiProblem.invalid(field, "must be one of " + String.join(", ", CURRENCIES.stream().sorted().toList()));
        }
        return Currency.getInstance(code);
    }

    /** A non-negative amount with no more decimals than the currency allows, scaled to its minor unit. */
    public static BigDecimal amount(BigDecimal value, Currency currency, String field) {
        if (value == null) {
            throw ApiProblem.invalid(field, "is required");
        }
        if (value.signum() < 0) {
            throw ApiProblem.invalid(field, "must not be negative");
        }
        return scaled(value, currency, field);
    }

    /** A strictly positive amount (a payment, a refund). */
    public static BigDecimal positive(BigDecimal value, Currency currency, String field) {
        BigDecimal amount = amount(value, currency, field);
        if (amount.signum() == 0) {
            throw ApiProblem.invalid(field, "must be more than zero");
        }
        return amount;
    }

    /** An amount of either sign (an adjustment), exact to the minor unit. */
    public static BigDecimal signed(BigDecimal value, Currency currency, String field) {
        if (value == null) {
            throw ApiProblem.invalid(field, "is required");
        }
        return scaled(value, currency, field);
    }

    public static BigDecimal zero(Currency currency) {
        return BigDecimal.ZERO.setScale(currency.getDefaultFractionDigits());
    }

    /** {@code percent}% of {@code amount}, rounded half-even to the minor unit. */
    public static BigDecimal percentOf(BigDecimal amount, BigDecimal percent, Currency currency) {
        return amount.multiply(percent).divide(BigDecimal.valueOf(100), currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
    }

    private static BigDecimal scaled(BigDecimal value, Currency currency, String field) {
        int digits = currency.getDefaultFractionDigits();
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > digits) {
            throw ApiProblem.invalid(field, "has more than " + digits + " decimal places for " + currency.getCurrencyCode());
        }
        if (value.abs().compareTo(new BigDecimal("100000000")) >= 0) {
            throw ApiProblem.invalid(field, "is too large");
        }
        return value.setScale(digits, RoundingMode.UNNECESSARY);
    }
}
