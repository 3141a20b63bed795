package health.liaison.gateway.routing;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instances that just refused a connection (stopping or restarting) are left out of the load balancer's choice
 * for {@code liaison.resilience.refused-instance-pause} (default 2 s), so the retry of a refused request goes to
 * another instance instead of, by the luck of the round robin, to the same one again. If every instance of an area
 * refused, all are offered anyway (in Kubernetes an area has one instance, its service name).
 */
@Component
class RefusingInstances implements GlobalFilter, Ordered {

    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Duration pause;
    private final Clock clock;

    @Autowired
    RefusingInstances(@Value("${liaison.resilience.refused-instance-pause:2s}") Duration pause) {
        this(pause, Clock.systemUTC());
    }

    RefusingInstances(Duration pause, Clock clock) {
        this.pause = pause;
        this.clock = clock;
    }

    /** Notes the instance a request was sent to when the connection to it is refused. */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(ConnectException.class, refused -> {
            URI instance = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
            if (instance != null && !"lb".equals(instance.getScheme())) {
                refused(instance.getHost(), instance.getPort());
            }
        });
    }

    @Override
    public int getOrder() {
        // just after the load balancer has put the chosen instance into the request URL
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }

    void refused(String host, int port) {
        pausedUntil.put(key(host, port), clock.instant().plus(pause));
    }

    /** The instances to choose from: those that have not refused a connection lately, or all if none is left. */
    List<ServiceInstance> choosable(List<ServiceInstance> instances) {
        Instant now = clock.instant();
        pausedUntil.values().removeIf(until -> !until.isAfter(now));
        List<ServiceInstance> accepting = instances.stream()
                .filter(instance -> !pausedUntil.containsKey(key(instance.getHost(), instance.getPort())))
                .toList();
        return accepting.isEmpty() ? instances : accepting;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }
}
