package health.liaison.gateway.protection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/**
 * Tells the service behind a tokenless public path (the practices' web inquiry forms, {@code /api/public/**}) who
 * the client is, in {@code X-Liaison-Client-Address}, so it can limit posts per address: the address of the
 * connection, or, behind {@code liaison.public-paths.forwarded-hops} trusted proxies (e.g. 1 behind an ingress), the
 * entry that many places from the right of {@code X-Forwarded-For}. Whatever the client sent in that header itself is
 * replaced, so a client cannot choose its own address.
 */
@Component
class PublicClientAddress implements WebFilter, Ordered {

    static final String HEADER = "X-Liaison-Client-Address";

    private final int forwardedHops;

    PublicClientAddress(@Value("${liaison.public-paths.forwarded-hops:0}") int forwardedHops) {
        this.forwardedHops = forwardedHops;
    }

    /** After the filter that drops every {@code X-Liaison-*} header a client sent (order + 1). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/public/")) {
            return chain.filter(exchange);
        }
        String address = clientAddress(exchange);
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(HEADER);
            headers.set(HEADER, address);
        })).build());
    }

    private String clientAddress(ServerWebExchange exchange) {
        if (forwardedHops > 0) {
            String forwarded = exchange.getRequest().getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[Math.max(0, hops.length - forwardedHops)].trim();
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
