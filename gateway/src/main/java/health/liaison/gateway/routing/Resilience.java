package health.liaison.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * One circuit breaker per route (named after the area) with these settings. The time limiter caps a whole
 * exchange including retries; a slow first byte is cut earlier by the HTTP client's response timeout.
 */
@Configuration(proxyBeanMethods = false)
class Resilience {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(Settings settings) {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.callsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        TimeLimiterConfig limiter = TimeLimiterConfig.custom().timeoutDuration(settings.timeout()).build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(breaker)
                .timeLimiterConfig(limiter)
                .build());
    }

    @ConfigurationProperties("liaison.resilience")
    record Settings(@DefaultValue("30s") Duration timeout,
                    @DefaultValue("20") int slidingWindowSize,
                    @DefaultValue("10") int minimumCalls,
                    @DefaultValue("50") float failureRatePercent,
                    @DefaultValue("10s") Duration waitInOpenState,
                    @DefaultValue("3") int callsInHalfOpenState) {
    }
}
