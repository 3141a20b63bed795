package health.liaison.insights.measures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The arithmetic of the tables, defined so that a figure can be checked by hand (docs/insights.md). */
public final class Stats {

    private Stats() {
    }

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code p} % of the values are at or below
     * it, i.e. the value at rank ⌈p/100 · n⌉ of the sorted values. Null for no values.
     */
    public static Long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** Seconds as minutes with one decimal (half up), or null. */
    public static BigDecimal minutes(Long seconds) {
        return seconds == null ? null : BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP);
    }

    /** Seconds as days with one decimal (half up), or null. */
    public static BigDecimal days(Long seconds) {
        return seconds == null ? null : BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(86_400), 1, RoundingMode.HALF_UP);
    }

    /** The mean of seconds, whole seconds rounded half up, or null. */
    public static Long mean(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (long s : seconds) {
            sum += s;
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(seconds.size()), 0, RoundingMode.HALF_UP).longValue();
    }

    /** A share as a fraction with four decimals (half up), or null when nothing was counted. */
    public static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
