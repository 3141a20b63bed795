package health.liaison.notifications.reminders;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReminderPlanTest {

    final List<Duration> defaults = List.of(Duration.ofDays(7), Duration.ofHours(48), Duration.ofHours(2));
    final ReminderPlan plan = new ReminderPlan(defaults, List.of(
            new ReminderPlan.Rule("botox-touch-up", null, List.of(Duration.ofHours(24))),
            new ReminderPlan.Rule(null, "belmont-denver", List.of(Duration.ofHours(72))),
            new ReminderPlan.Rule("breast-augmentation", "belmont-denver", List.of(Duration.ofDays(14), Duration.ofDays(1)))));
    final Instant start = Instant.parse("2030-06-20T14:00:00Z");

    @Test
    void withoutARuleThePracticeDefaultsApply() {
        assertThat(plan.offsetsFor("consultation", "aurora-miami")).isEqualTo(defaults);
    }

    @Test
    void theMostSpecificRuleWins() {
        assertThat(plan.offsetsFor("botox-touch-up", "aurora-miami")).containsExactly(Duration.ofHours(24));
        assertThat(plan.offsetsFor("consultation", "belmont-denver")).containsExactly(Duration.ofHours(72));
        assertThat(plan.offsetsFor("breast-augmentation", "belmont-denver")).containsExactly(Duration.ofDays(14), Duration.ofDays(1));
        assertThat(plan.offsetsFor("botox-touch-up", "belmont-denver")).containsExactly(Duration.ofHours(24));
    }

    @Test
    void remindersWhoseTimeHasPassedAreNotPlanned() {
        Instant now = start.minus(Duration.ofDays(3));
        assertThat(plan.remindersFor("consultation", "aurora-miami", start, now))
                .extracting(ReminderPlan.Reminder::offset).containsExactly(Duration.ofHours(48), Duration.ofHours(2));
    }

    @Test
    void remindersAreDueTheirOffsetBeforeTheStartEarliestFirst() {
        assertThat(plan.remindersFor("consultation", "aurora-miami", start, start.minus(Duration.ofDays(30))))
                .extracting(ReminderPlan.Reminder::due)
                .containsExactly(start.minus(Duration.ofDays(7)), start.minus(Duration.ofHours(48)), start.minus(Duration.ofHours(2)));
    }
}
