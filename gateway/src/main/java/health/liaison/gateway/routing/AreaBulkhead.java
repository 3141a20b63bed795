package health.liaison.gateway.routing;

import health.liaison.gateway.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulkhead per area: at most {@code liaison.resilience.max-concurrent} requests (default 100, per area
 * {@code liaison.resilience.areas.<area>.max-concurrent}) in flight to one service through this gateway. One more
 * is answered at once with {@code 429} and {@code Retry-After} (problem type {@code service-busy}): it never
 * reached the service, so a write may simply be sent again. It stands before the circuit breaker, so shedding a
 * burst never counts against a healthy service, and it keeps a burst from queueing without end on the service.
 */
@Component
class AreaBulkhead implements GlobalFilter, Ordered {

    /** Before the routes' own filters (the circuit breaker is the first of them, order 1). */
    static final int ORDER = 0;
    static final String RETRY_AFTER_SECONDS = "1";

    private final Resilience.Settings settings;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    AreaBulkhead(Resilience.Settings settings) {
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String area = Resilience.areaOf(exchange);
        if (area == null) {
            return chain.filter(exchange);
        }
        AtomicInteger count = inFlight.computeIfAbsent(area, name -> new AtomicInteger());
        if (count.incrementAndGet() > settings.maxConcurrent(area)) {
            count.decrementAndGet();
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "service-busy", "Too Many Requests",
                    "The " + area + " service has as many requests in hand as it takes at once; this one was not sent. "
                            + "Retry after " + RETRY_AFTER_SECONDS + " second.");
        }
        return chain.filter(exchange).doFinally(signal -> count.decrementAndGet());
    }

    /** Requests of {@code area} in flight now. */
    int inFlight(String area) {
        AtomicInteger count = inFlight.get(area);
        return count == null ? 0 : count.get();
    }
}
