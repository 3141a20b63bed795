package health.liaison.gateway.protection;

import health.liaison.gateway.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects an oversized body with {@code 413} before any byte of it reaches a service. A declared
 * {@code Content-Length} is judged without reading; a chunked body (no length) is read up to the limit first,
 * so a service never sees the start of a body the gateway will refuse. Runs after authentication, so an
 * anonymous caller cannot make the gateway buffer anything.
 */
@Component
class BodySizeLimit implements WebFilter, Ordered {

    static final int ORDER = RateLimit.ORDER + 10;

    private final BodyLimits limits;

    BodySizeLimit(BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limits.bytesFor(request.getPath().value());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return tooLarge(exchange);
        }
        if (declared >= 0 || !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
                .flatMap(body -> chain.filter(exchange.mutate().request(withBody(request, body)).build()))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .onErrorResume(DataBufferLimitException.class, tooBig -> tooLarge(exchange));
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, DataBuffer body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.readableByteCount());
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.just(body);
            }
        };
    }

    private static Mono<Void> tooLarge(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content Too Large",
                "The request body is larger than this API accepts.");
    }
}
