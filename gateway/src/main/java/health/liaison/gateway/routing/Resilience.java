package health.liaison.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One circuit breaker per area (named after the route) that opens only when the service looks down: a connection
 * refused or broken, or no answer within the area's time limit ({@link AreaTimeLimit}). Every answer the service
 * gives within the limit, 4xx or not, is a success, and a slow call is never a failure by being slow. Excess load
 * is shed before the breaker by the area's bulkhead ({@link AreaBulkhead}), so a busy service never trips it.
 * Resilience4j's own time limiter is off (it would cut a whole exchange, writes included, at one fixed time);
 * each attempt is limited by {@link AreaTimeLimit} instead, with a read and a write limit per area.
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
                .recordException(Resilience::meansDown)
                // a call that answered within its time limit was not too slow, however long it took
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(settings.longestLimit().plusSeconds(60))
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.callsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        // only used if the time limiter is switched back on: then it must never cut before the attempts' own limits
        TimeLimiterConfig limiter = TimeLimiterConfig.custom().timeoutDuration(settings.longestLimit().multipliedBy(3)).build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(breaker)
                .timeLimiterConfig(limiter)
                .build());
    }

    /**
     * What counts against a service: no connection, a connection broken under a request, no answer within the time
     * limit, or the gateway's own 5xx about reaching it (no instance). Anything else (a client that went away, a
     * request the gateway refused itself) says nothing about the service.
     */
    static boolean meansDown(Throwable failure) {
        return failure instanceof IOException
                || failure instanceof TimeoutException
                || failure instanceof ResponseStatusException status && status.getStatusCode().is5xxServerError();
    }

    /** The area a routed request belongs to: its route's id, the Swagger document routes sharing their area's. */
    static String areaOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return null;
        }
        String id = route.getId();
        return id.startsWith(ServiceUnavailable.DOCUMENT_ROUTE_PREFIX) ? id.substring(ServiceUnavailable.DOCUMENT_ROUTE_PREFIX.length()) : id;
    }

    static boolean isWrite(HttpMethod method) {
        return !SAFE.contains(method);
    }

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    /**
     * @param readTimeout    how long a read (GET, HEAD, OPTIONS) may wait for the service's answer
     * @param writeTimeout   how long a write may wait: longer than anything a service does within its own limits,
     *                       since giving up on a write leaves its outcome unknown to the caller
     * @param maxConcurrent  requests one area may have in flight through this gateway; more are shed with 429
     * @param areas          the same three per area, e.g. {@code liaison.resilience.areas.records.read-timeout}
     */
    @ConfigurationProperties("liaison.resilience")
    record Settings(@DefaultValue("10s") Duration readTimeout,
                    @DefaultValue("60s") Duration writeTimeout,
                    @DefaultValue("100") int maxConcurrent,
                    Map<String, Area> areas,
                    @DefaultValue("20") int slidingWindowSize,
                    @DefaultValue("10") int minimumCalls,
                    @DefaultValue("50") float failureRatePercent,
                    @DefaultValue("10s") Duration waitInOpenState,
                    @DefaultValue("3") int callsInHalfOpenState) {

        Settings {
            areas = areas == null ? Map.of() : Map.copyOf(areas);
        }

        Duration timeLimit(String area, HttpMethod method) {
            Area own = areas.get(area);
            if (isWrite(method)) {
                return own != null && own.writeTimeout() != null ? own.writeTimeout() : writeTimeout;
            }
            return own != null && own.readTimeout() != null ? own.readTimeout() : readTimeout;
        }

        int maxConcurrent(String area) {
            Area own = areas.get(area);
            return own != null && own.maxConcurrent() != null ? own.maxConcurrent() : maxConcurrent;
        }

        Duration longestLimit() {
            Duration longest = readTimeout.compareTo(writeTimeout) >= 0 ? readTimeout : writeTimeout;
            for (Area area : areas.values()) {
                for (Duration limit : new Duration[] {area.readTimeout(), area.writeTimeout()}) {
                    if (limit != null && limit.compareTo(longest) > 0) {
                        longest = limit;
                    }
                }
            }
            return longest;
        }
    }

    /** One area's own limits; what is not set falls back to the defaults above. */
    record Area(Duration readTimeout, Duration writeTimeout, Integer maxConcurrent) {
    }
}
