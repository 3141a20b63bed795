package health.liaison.notifications.channels;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One Resilience4j circuit breaker per provider (email, sms, records). Only failures worth retrying count against
 * a provider: a rejected address says nothing about the provider's health. While a circuit is open, calls fail at
 * once as retryable, so messages wait in the queue instead of piling up on a provider that is down.
 */
@Component
public class ProviderGuards {

    private final CircuitBreakerRegistry registry;

    ProviderGuards(@Value("${liaison.notifications.circuit.failure-rate:50}") float failureRate,
                   @Value("${liaison.notifications.circuit.minimum-calls:10}") int minimumCalls,
                   @Value("${liaison.notifications.circuit.open-for:30s}") Duration openFor) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(minimumCalls, 20))
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof SendFailure failure && failure.retryable())
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    public <T> T call(String provider, Supplier<T> call) {
        CircuitBreaker breaker = registry.circuitBreaker(provider);
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException open) {
            throw SendFailure.retryable("PROVIDER_UNAVAILABLE", open);
        }
    }

    public CircuitBreaker.State state(String provider) {
        return registry.circuitBreaker(provider).getState();
    }
}
