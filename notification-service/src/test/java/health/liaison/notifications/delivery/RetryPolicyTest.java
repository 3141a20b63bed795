package health.liaison.notifications.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    final Instant now = Instant.parse("2030-06-04T15:00:00Z");
    final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(2));

    @Test
    void backOffDoublesFromTheInitialIntervalUpToTheMaximum() {
        assertThat(policy.nextAttempt(1, now)).contains(now.plusSeconds(30));
        assertThat(policy.nextAttempt(2, now)).contains(now.plusSeconds(60));
        assertThat(policy.nextAttempt(3, now)).contains(now.plusSeconds(120));
        assertThat(policy.nextAttempt(4, now)).contains(now.plusSeconds(120));
    }

    @Test
    void afterTheLastAttemptTheMessageHasFailed() {
        assertThat(policy.nextAttempt(5, now)).isEmpty();
    }
}
