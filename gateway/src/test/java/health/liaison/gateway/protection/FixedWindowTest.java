package health.liaison.gateway.protection;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedWindowTest {

    @Test
    void momentsInTheSameMinuteShareOneWindowAndCounter() {
        FixedWindow early = FixedWindow.containing(Instant.parse("2026-03-02T09:15:00.000Z"), Duration.ofMinutes(1));
        FixedWindow late = FixedWindow.containing(Instant.parse("2026-03-02T09:15:59.999Z"), Duration.ofMinutes(1));

        assertThat(early).isEqualTo(late);
        assertThat(early.counterKey("user:aurora:u1")).isEqualTo(late.counterKey("user:aurora:u1"));
        assertThat(early.end()).isEqualTo(Instant.parse("2026-03-02T09:16:00Z"));
    }

    @Test
    void theNextMinuteIsANewWindow() {
        FixedWindow one = FixedWindow.containing(Instant.parse("2026-03-02T09:15:59.999Z"), Duration.ofMinutes(1));
        FixedWindow next = FixedWindow.containing(Instant.parse("2026-03-02T09:16:00Z"), Duration.ofMinutes(1));

        assertThat(next.start()).isEqualTo(one.end());
        assertThat(next.counterKey("tenant:aurora")).isNotEqualTo(one.counterKey("tenant:aurora"));
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
        FixedWindow window = FixedWindow.containing(Instant.parse("2026-03-02T09:15:00Z"), Duration.ofMinutes(1));

        assertThat(window.secondsUntilEnd(Instant.parse("2026-03-02T09:15:00Z"))).isEqualTo(60);
        assertThat(window.secondsUntilEnd(Instant.parse("2026-03-02T09:15:58.200Z"))).isEqualTo(2);
        assertThat(window.secondsUntilEnd(Instant.parse("2026-03-02T09:15:59.999Z"))).isEqualTo(1);
        assertThat(window.secondsUntilEnd(Instant.parse("2026-03-02T09:16:00.500Z"))).isEqualTo(1);
    }

    @Test
    void aWindowMustHaveALength() {
        assertThatIllegalArgumentException().isThrownBy(() -> FixedWindow.containing(Instant.now(), Duration.ZERO));
    }
}
