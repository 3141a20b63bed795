package health.liaison.gateway.routing;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * How long one attempt waits for the service's answer (its status and headers): the area's read limit for GET,
 * HEAD and OPTIONS (default 10 s, {@code LIAISON_GATEWAY_RESPONSE_TIMEOUT}; records 30 s, a FHIR export of a full
 * chart on a cold service takes seconds), its write limit for everything else (default 60 s: the gateway does not
 * give up on a write the service is still doing). It runs inside the routes' filters, so each retried attempt of
 * a read has its own limit and the circuit breaker sees an expiry as a failure.
 */
@Component
class AreaTimeLimit implements GlobalFilter, Ordered {

    private final Resilience.Settings settings;

    AreaTimeLimit(Resilience.Settings settings) {
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        // after every filter a route names (they are ordered 1, 2, 3, ...), before the request URL is resolved
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String area = Resilience.areaOf(exchange);
        if (area == null) {
            return chain.filter(exchange);
        }
        Duration limit = settings.timeLimit(area, exchange.getRequest().getMethod());
        return chain.filter(exchange).timeout(limit, Mono.error(() -> new TimeLimitExceeded(area, limit)));
    }

    /** No answer within the area's time limit; the request may have been carried out. */
    static final class TimeLimitExceeded extends TimeoutException {
        TimeLimitExceeded(String area, Duration limit) {
            super("No answer from " + area + " within " + limit);
        }
    }
}
