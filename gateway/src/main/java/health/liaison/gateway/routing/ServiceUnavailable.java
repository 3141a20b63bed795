package health.liaison.gateway.routing;

import health.liaison.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;

/**
 * The circuit breakers' fallback, naming the area, never the host that failed: a fast {@code 503} when the request
 * never reached the service (breaker open, no connection, no instance) or was a read; a {@code 504}
 * {@code outcome-unknown} when a write may have reached it (no answer in time, connection broken under it), telling
 * the caller to retry with the same {@code Idempotency-Key} rather than taking it as failed. It answers only to the
 * internal forward from a circuit breaker; called from outside it is just an unknown path.
 */
@Configuration(proxyBeanMethods = false)
class ServiceUnavailable {

    static final String PATH = "/fallback";
    static final String DOCUMENT_ROUTE_PREFIX = "openapi-";
    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailable.class);

    private final Resilience.Settings settings;

    ServiceUnavailable(Resilience.Settings settings) {
        this.settings = settings;
    }

    @Bean
    RouterFunction<ServerResponse> serviceUnavailableFallback() {
        return RouterFunctions.route(RequestPredicates.path(PATH), this::answer);
    }

    private Mono<ServerResponse> answer(ServerRequest request) {
        ServerWebExchange exchange = request.exchange();
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String area = Resilience.areaOf(exchange);
        if (cause == null || area == null) {
            return ServerResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(Problems.body(exchange, HttpStatus.NOT_FOUND, "not-found", "Not Found", "No API is served at this path."));
        }
        if (Resilience.isWrite(exchange.getRequest().getMethod()) && !neverSent(cause)) {
            log.warn("The {} service did not answer a {} in time or the connection broke: {}", area,
                    exchange.getRequest().getMethod(), cause.getClass().getName());
            return ServerResponse.status(HttpStatus.GATEWAY_TIMEOUT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(Problems.body(exchange, HttpStatus.GATEWAY_TIMEOUT, "outcome-unknown", "Outcome Unknown",
                            "The " + area + " service did not answer in time: the request may have been carried out. "
                                    + "Send it again with the same Idempotency-Key to learn its outcome; it will not be done twice."));
        }
        log.warn("The {} service is unavailable: {}", area, cause.getClass().getName());
        long retryAfter = cause instanceof CallNotPermittedException ? Math.max(1, settings.waitInOpenState().toSeconds()) : 5;
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", Long.toString(retryAfter))
                .bodyValue(Problems.body(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service Unavailable",
                        "The " + area + " service is unavailable right now; try again shortly."));
    }

    /**
     * Failures that happen before a request leaves the gateway: the breaker was open, no connection could be made,
     * or no instance was there to choose. Anything else may have reached the service.
     */
    static boolean neverSent(Throwable cause) {
        return cause instanceof CallNotPermittedException
                || cause instanceof ConnectException
                || cause instanceof NotFoundException;
    }
}
