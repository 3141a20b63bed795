package health.liaison.records.surgeries;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SurgeryCaseTest {

    final Instant now = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void aCaseIsClearedOnlyWhenEveryItemIsDoneAndUntickingReopensIt() {
        SurgeryCase c = SurgeryCase.booked("apt-1", "pat-1", "loc", "lipo", now.plusSeconds(86400 * 20), now);
        assertThat(c.outstanding()).hasSize(ChecklistItem.values().length);
        for (ChecklistItem item : ChecklistItem.values()) {
            assertThat(c.cleared()).isFalse();
            c = c.tick(item, new SurgeryCase.Tick("u", now, null), now);
        }
        assertThat(c.cleared()).isTrue();
        assertThat(c.outstanding()).isEmpty();
        c = c.untick(ChecklistItem.LABS, now);
        assertThat(c.cleared()).isFalse();
        assertThat(c.outstanding()).containsExactly("LABS");
    }
}
