package health.liaison.insights.measures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void percentilesAreNearestRank() {
        List<Long> waits = List.of(600L, 60L, 300L, 120L, 1200L, 180L, 240L, 420L, 480L, 900L);
        // sorted: 60 120 180 240 300 420 480 600 900 1200; median = rank 5, p90 = rank 9
        assertThat(Stats.percentile(waits, 50)).isEqualTo(300L);
        assertThat(Stats.percentile(waits, 90)).isEqualTo(900L);
        assertThat(Stats.percentile(List.of(42L), 90)).isEqualTo(42L);
        assertThat(Stats.percentile(List.of(), 50)).isNull();
        assertThat(Stats.percentile(List.of(5L, 1L, 3L), 50)).isEqualTo(3L);
    }

    @Test
    void minutesRatesAndMeansRoundHalfUp() {
        assertThat(Stats.minutes(90L)).isEqualByComparingTo("1.5");
        assertThat(Stats.minutes(100L)).isEqualTo(new BigDecimal("1.7"));
        assertThat(Stats.rate(1, 3)).isEqualTo(new BigDecimal("0.3333"));
        assertThat(Stats.rate(2, 3)).isEqualTo(new BigDecimal("0.6667"));
        assertThat(Stats.rate(1, 0)).isNull();
        assertThat(Stats.mean(List.of(1L, 2L))).isEqualTo(2L);
        assertThat(Stats.days(3L * 86_400 + 43_200)).isEqualTo(new BigDecimal("3.5"));
    }
}
