package health.liaison.inventory.stock;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryRuleTest {

    final LocalDate today = LocalDate.of(2026, 3, 1);

    @Test
    void theTightestThresholdALotIsWithinIsTheOneDue() {
        assertThat(ExpiryRule.threshold(today, today.plusDays(91))).isEmpty();
        assertThat(ExpiryRule.threshold(today, today.plusDays(90))).isEqualTo(OptionalInt.of(90));
        assertThat(ExpiryRule.threshold(today, today.plusDays(61))).isEqualTo(OptionalInt.of(90));
        assertThat(ExpiryRule.threshold(today, today.plusDays(60))).isEqualTo(OptionalInt.of(60));
        assertThat(ExpiryRule.threshold(today, today.plusDays(31))).isEqualTo(OptionalInt.of(60));
        assertThat(ExpiryRule.threshold(today, today.plusDays(30))).isEqualTo(OptionalInt.of(30));
        assertThat(ExpiryRule.threshold(today, today.plusDays(1))).isEqualTo(OptionalInt.of(30));
    }

    @Test
    void aLotIsExpiredOnItsExpiryDateAndThenInNoThreshold() {
        assertThat(ExpiryRule.expired(today, today)).isTrue();
        assertThat(ExpiryRule.expired(today, today.minusDays(5))).isTrue();
        assertThat(ExpiryRule.expired(today, today.plusDays(1))).isFalse();
        assertThat(ExpiryRule.threshold(today, today)).isEmpty();
        assertThat(ExpiryRule.expired(today, null)).isFalse();
        assertThat(ExpiryRule.threshold(today, null)).isEmpty();
    }

    @Test
    void theSweepLooksNinetyDaysAhead() {
        assertThat(ExpiryRule.horizon(today)).isEqualTo(today.plusDays(90));
    }
}
