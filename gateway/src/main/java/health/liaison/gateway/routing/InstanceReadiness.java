package health.liaison.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks every instance of an area that has several configured instances whether it is ready
 * ({@code liaison.resilience.readiness-probe-path}, the actuator's readiness group, every
 * {@code liaison.resilience.readiness-probe-interval}, default 1 s) and leaves the ones that are not out of the load
 * balancer's choice. A service that begins to stop reports {@code REFUSING_TRAFFIC} at once and then keeps serving
 * for its drain (5 s), so within a second the gateway sends it nothing new and it can stop with nothing in flight:
 * locally what Kubernetes does by taking a terminating pod out of its Service's endpoints. An area with one
 * configured instance (in a cluster, its Service name) is not probed: the platform balances behind it.
 *
 * <p>Not ready means an answer of 5xx, no answer within {@code liaison.resilience.readiness-probe-timeout}
 * (default 800 ms), or no connection; any other answer (a service without the probe) counts as ready. Until an
 * instance's first probe it is offered; if every instance of an area is not ready, all are offered anyway.
 */
@Component
class InstanceReadiness implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceReadiness.class);

    private final ServiceAreas areas;
    private final Duration interval;
    private final Duration timeout;
    private final String path;
    private final Set<String> notReady = ConcurrentHashMap.newKeySet();
    private final HttpClient http;
    private volatile Disposable probing;

    InstanceReadiness(ServiceAreas areas,
                      @Value("${liaison.resilience.readiness-probe-interval:1s}") Duration interval,
                      @Value("${liaison.resilience.readiness-probe-timeout:800ms}") Duration timeout,
                      @Value("${liaison.resilience.readiness-probe-path:/actuator/health/readiness}") String path) {
        this.areas = areas;
        this.interval = interval;
        this.timeout = timeout;
        this.path = path;
        // a fresh connection per probe: a pooled one to a stopping instance would only add a failure of its own
        this.http = HttpClient.create(ConnectionProvider.newConnection())
                .responseTimeout(timeout)
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()));
    }

    /** The instances to choose from: the ready ones, or all if none is. */
    List<ServiceInstance> choosable(List<ServiceInstance> instances) {
        if (notReady.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> ready = instances.stream()
                .filter(instance -> !notReady.contains(key(instance.getHost(), instance.getPort())))
                .toList();
        return ready.isEmpty() ? instances : ready;
    }

    /** Records one probe's outcome; {@code ready} false leaves the instance out until a probe says otherwise. */
    void observed(String host, int port, boolean ready) {
        String key = key(host, port);
        boolean changed = ready ? notReady.remove(key) : notReady.add(key);
        if (changed) {
            log.info("Instance {} is {}", key, ready ? "ready again: back in the choice" : "not ready: left out of the choice");
        }
    }

    private List<URI> probed() {
        return areas.routes().values().stream()
                .map(ServiceAreas.Area::uri)
                .filter(uris -> uris.size() > 1)
                .flatMap(List::stream)
                .toList();
    }

    private Mono<Void> probe(URI instance) {
        int port = port(instance);
        return http.get().uri(instance.resolve(path).toString())
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code() < 500)))
                .timeout(timeout.plus(timeout))
                .onErrorReturn(false)
                .defaultIfEmpty(false)
                .doOnNext(ready -> observed(instance.getHost(), port, ready))
                .then();
    }

    @Override
    public void start() {
        List<URI> instances = probed();
        if (instances.isEmpty() || interval.isZero() || interval.isNegative()) {
            return;
        }
        probing = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(instances).flatMap(this::probe).then(), 0)
                .subscribe(done -> { }, error -> log.warn("Readiness probing stopped: {}", error.toString()));
    }

    @Override
    public void stop() {
        Disposable running = probing;
        if (running != null) {
            running.dispose();
        }
        probing = null;
    }

    @Override
    public boolean isRunning() {
        return probing != null && !probing.isDisposed();
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }
}
