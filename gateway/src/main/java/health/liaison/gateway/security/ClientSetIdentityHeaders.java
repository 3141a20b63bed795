package health.liaison.gateway.security;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes headers a caller must never set: the tenant, user and roles a request acts for come only from the
 * validated token, and internal headers are for service-to-service use. Dropped before anything else looks at
 * the request, so neither the gateway nor a service can be talked into another practice group's data.
 */
@Component
class ClientSetIdentityHeaders implements WebFilter, Ordered {

    private static final Set<String> EXACT = Set.of("x-tenant", "x-tenant-id", "x-user", "x-user-id", "x-roles",
            "x-location", "x-location-id", "x-patient-id");
    private static final List<String> PREFIXES = List.of("x-internal-", "x-liaison-");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> forbidden = exchange.getRequest().getHeaders().headerNames().stream()
                .filter(ClientSetIdentityHeaders::mustNotComeFromClient)
                .toList();
        if (forbidden.isEmpty()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> forbidden.forEach(headers::remove))).build());
    }

    static boolean mustNotComeFromClient(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return EXACT.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }
}
