package health.liaison.gateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Every routed request's latency per area ({@code liaison.gateway.requests{area, outcome}}: the route id and the
 * status class, 2xx/4xx/5xx; never a path, an id or a query), with buckets at the latency objective's thresholds, so
 * the SLO alerts compute error and slow-request ratios per area (k8s/components/monitoring/alerts.yaml). A request
 * that ends without a status (the client went away) is counted as 5xx: it did not get its answer.
 */
@Component
class AreaRequestMetrics implements GlobalFilter, Ordered {

    /** The latency objective (99 % of requests within 1 s) and neighbouring thresholds for the dashboard. */
    static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(3)};

    private final MeterRegistry meters;

    AreaRequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long started = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            String outcome = status == null ? "5xx" : (status.value() / 100) + "xx";
            Timer.builder("liaison.gateway.requests")
                    .description("Requests routed to an area, by status class")
                    .tag("area", route == null ? "none" : route.getId())
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(BUCKETS)
                    .register(meters)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
