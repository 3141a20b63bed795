package health.liaison.records.recalls;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecallAlertTest {

    private static final Instant T = Instant.parse("2030-06-03T14:00:00Z");

    private final RecallAlert open = RecallAlert.raised("r1", "p1", "aurora-miami", "Mentor", "IMPLANT-350", "LOT-1",
            List.of("apt-1"), T, T);

    @Test
    void oneAlertPerRecallAndPatient() {
        assertThat(open.id()).isEqualTo("r1:p1");
        assertThat(open.status()).isEqualTo(RecallAlert.OPEN);
    }

    @Test
    void openThenAcknowledgedThenResolved() {
        RecallAlert acknowledged = open.acknowledged("dr-vega", T.plusSeconds(60), "sealed-1");
        assertThat(acknowledged.status()).isEqualTo(RecallAlert.ACKNOWLEDGED);
        RecallAlert resolved = acknowledged.resolved("coord", T.plusSeconds(120), "sealed-2");
        assertThat(resolved.status()).isEqualTo(RecallAlert.RESOLVED);
        assertThat(resolved.acknowledgedBy()).isEqualTo("dr-vega");
        assertThat(resolved.sealedAcknowledgement()).isEqualTo("sealed-1");
        assertThat(resolved.resolvedBy()).isEqualTo("coord");
    }

    @Test
    void anOpenAlertCanBeResolvedStraightAway() {
        assertThat(open.resolved("coord", T, "n").status()).isEqualTo(RecallAlert.RESOLVED);
    }

    @Test
    void illegalTransitionsAreErrors() {
        RecallAlert acknowledged = open.acknowledged("dr-vega", T, "n");
        assertThatThrownBy(() -> acknowledged.acknowledged("dr-vega", T, "n")).isInstanceOf(RecallAlert.IllegalTransition.class);
        RecallAlert resolved = open.resolved("coord", T, "n");
        assertThatThrownBy(() -> resolved.resolved("coord", T, "n")).isInstanceOf(RecallAlert.IllegalTransition.class);
        assertThatThrownBy(() -> resolved.acknowledged("coord", T, "n")).isInstanceOf(RecallAlert.IllegalTransition.class);
    }
}
