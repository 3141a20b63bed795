package health.liaison.gateway.routing;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Feeds Spring Cloud LoadBalancer with the instances named in configuration, so a route's {@code lb://<area>}
 * URI round-robins over them; an instance that says it is not ready ({@link InstanceReadiness}: stopping, draining,
 * starting) or that just refused a connection ({@link RefusingInstances}) is left out, so new requests and retried
 * ones go to another instance while one is restarted. No registry is
 * needed: in a cluster the list holds one Kubernetes service name, locally one or more localhost ports.
 */
@Component
class ConfiguredInstances implements ReactiveDiscoveryClient {

    private final ServiceAreas areas;
    private final RefusingInstances refusing;
    private final InstanceReadiness readiness;
    private final Map<String, List<ServiceInstance>> byArea = new ConcurrentHashMap<>();

    ConfiguredInstances(ServiceAreas areas, RefusingInstances refusing, InstanceReadiness readiness) {
        this.areas = areas;
        this.refusing = refusing;
        this.readiness = readiness;
    }

    @Override
    public String description() {
        return "Liaison service instances from liaison.routes.<area>.uri";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String area) {
        List<ServiceInstance> configured = instancesOf(area);
        return Flux.defer(() -> Flux.fromIterable(refusing.choosable(readiness.choosable(configured))));
    }

    /** The one instance of an area configured with exactly one, else null. */
    ServiceInstance onlyInstanceOf(String area) {
        List<ServiceInstance> configured = instancesOf(area);
        return configured.size() == 1 ? configured.getFirst() : null;
    }

    private List<ServiceInstance> instancesOf(String area) {
        return byArea.computeIfAbsent(area, name -> {
            List<URI> uris = areas.instancesOf(name);
            return IntStream.range(0, uris.size()).mapToObj(i -> instance(name, i, uris.get(i))).toList();
        });
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(areas.routes().keySet());
    }

    private static ServiceInstance instance(String area, int index, URI uri) {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(area + "-" + index, area, uri.getHost(), port, secure);
    }
}
