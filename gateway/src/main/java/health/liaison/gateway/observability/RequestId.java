package health.liaison.gateway.observability;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request carries an {@code X-Request-Id} from the edge to the services and back to the caller, so a
 * coordinator's "it failed at 10:42" can be found in every service's log. A caller's own id is kept when it is a
 * plain token; anything else (too long, odd characters that could forge log lines) is replaced.
 */
@Component
class RequestId implements WebFilter, Ordered {

    static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        ServerWebExchange withId = exchange.mutate().request(request -> request.headers(headers -> headers.set(HEADER, id))).build();
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        return chain.filter(withId);
    }
}
