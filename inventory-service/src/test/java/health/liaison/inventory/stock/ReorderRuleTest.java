package health.liaison.inventory.stock;

import org.junit.jupiter.api.Test;

import static health.liaison.inventory.stock.ReorderRule.Step.CROSSED_BELOW;
import static health.liaison.inventory.stock.ReorderRule.Step.RECOVERED;
import static health.liaison.inventory.stock.ReorderRule.Step.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

class ReorderRuleTest {

    @Test
    void fallingBelowTheReorderPointIsACrossingOnce() {
        assertThat(ReorderRule.next(false, 4, 5)).isEqualTo(CROSSED_BELOW);
        assertThat(ReorderRule.next(true, 3, 5)).isEqualTo(UNCHANGED);
        assertThat(ReorderRule.next(true, 0, 5)).isEqualTo(UNCHANGED);
    }

    @Test
    void atOrAboveTheReorderPointReArmsTheAlert() {
        assertThat(ReorderRule.next(true, 5, 5)).isEqualTo(RECOVERED);
        assertThat(ReorderRule.next(true, 9, 5)).isEqualTo(RECOVERED);
        assertThat(ReorderRule.next(false, 5, 5)).isEqualTo(UNCHANGED);
        assertThat(ReorderRule.next(false, 9, 5)).isEqualTo(UNCHANGED);
    }

    @Test
    void aReorderPointOfZeroNeverAlerts() {
        assertThat(ReorderRule.next(false, 0, 0)).isEqualTo(UNCHANGED);
    }
}
