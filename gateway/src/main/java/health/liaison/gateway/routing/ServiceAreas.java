package health.liaison.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service areas behind the gateway and where their instances run, from {@code liaison.routes.<area>.uri}
 * (environment {@code LIAISON_ROUTES_<AREA>_URI}). A comma-separated list gives several instances of one service,
 * which the gateway load-balances over; in Kubernetes one service DNS name is enough.
 */
@ConfigurationProperties("liaison")
public record ServiceAreas(Map<String, Area> routes) {

    public ServiceAreas {
        routes = routes == null ? Map.of() : new TreeMap<>(routes);
    }

    public List<URI> instancesOf(String area) {
        Area configured = routes.get(area);
        return configured == null ? List.of() : configured.uri();
    }

    public record Area(List<URI> uri) {
        public Area {
            uri = uri == null ? List.of() : List.copyOf(uri);
        }
    }
}
