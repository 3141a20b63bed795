package health.liaison.notifications.channels;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderGuardsTest {

    final ProviderGuards guards = new ProviderGuards(50, 4, Duration.ofMinutes(1));
    final AtomicInteger calls = new AtomicInteger();

    private String failing() {
        calls.incrementAndGet();
        throw SendFailure.retryable("PROVIDER_UNAVAILABLE", null);
    }

    @Test
    void aProviderThatKeepsFailingIsNoLongerCalledWhileItsCircuitIsOpen() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guards.call("sms", this::failing)).isInstanceOf(SendFailure.class);
        }
        assertThat(guards.state("sms")).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> guards.call("sms", this::failing))
                .isInstanceOfSatisfying(SendFailure.class, f -> assertThat(f.retryable()).isTrue());
        assertThat(calls).hasValue(4);
        // each provider has its own circuit
        assertThat(guards.call("email", () -> "ok")).isEqualTo("ok");
    }

    @Test
    void rejectedAddressesSayNothingAboutTheProvidersHealth() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guards.call("sms", () -> {
                throw SendFailure.permanent("INVALID_ADDRESS", null);
            })).isInstanceOf(SendFailure.class);
        }
        assertThat(guards.state("sms")).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
