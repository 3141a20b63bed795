package health.liaison.inventory.stock;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which expiry threshold a lot is in: expired (on or after its expiry date it can no longer be used), or within
 * 30, 60 or 90 days. A lot is told about once per threshold: the tightest threshold it is within is the one due, so
 * a lot received with 20 days left is told "30" once, not "90", "60" and "30" at once.
 */
public final class ExpiryRule {

    public static final List<Integer> THRESHOLDS = List.of(30, 60, 90);

    private ExpiryRule() {
    }

    /** Expired on {@code today}: its expiry date is today or earlier. */
    public static boolean expired(LocalDate today, LocalDate expiresOn) {
        return expiresOn != null && !expiresOn.isAfter(today);
    }

    /** The tightest threshold (30, 60 or 90) a lot not yet expired is within; empty when expired or further out. */
    public static OptionalInt threshold(LocalDate today, LocalDate expiresOn) {
        if (expiresOn == null || expired(today, expiresOn)) {
            return OptionalInt.empty();
        }
        long days = ChronoUnit.DAYS.between(today, expiresOn);
        for (int threshold : THRESHOLDS) {
            if (days <= threshold) {
                return OptionalInt.of(threshold);
            }
        }
        return OptionalInt.empty();
    }

    /** The last day the sweep needs to look at: anything expiring later is in no threshold yet. */
    public static LocalDate horizon(LocalDate today) {
        return today.plusDays(THRESHOLDS.get(THRESHOLDS.size() - 1));
    }
}
