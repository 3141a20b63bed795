package health.liaison.notifications.quiethours;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrequencyCapTest {

    final Instant now = Instant.parse("2030-06-04T15:00:00Z");
    final FrequencyCap cap = new FrequencyCap(3, Duration.ofHours(24));

    @Test
    void underTheCapAMessageGoesNow() {
        assertThat(cap.nextAllowed(now, List.of(now.minusSeconds(60), now.minusSeconds(120)))).isEqualTo(now);
    }

    @Test
    void atTheCapTheNextWaitsUntilTheOldestSendInTheWindowAgesOut() {
        Instant oldest = now.minus(Duration.ofHours(20));
        assertThat(cap.nextAllowed(now, List.of(now.minusSeconds(60), oldest, now.minus(Duration.ofHours(2)))))
                .isEqualTo(oldest.plus(Duration.ofHours(24)));
    }

    @Test
    void sendsOutsideTheWindowDoNotCount() {
        assertThat(cap.nextAllowed(now, List.of(now.minus(Duration.ofHours(25)), now.minus(Duration.ofHours(30)),
                now.minusSeconds(60)))).isEqualTo(now);
    }

    @Test
    void aCapNeedsAPositiveLimit() {
        assertThatThrownBy(() -> new FrequencyCap(0, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
