package health.liaison.gateway.routing;

import health.liaison.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
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

/**
 * The circuit breakers' fallback: a fast {@code 503} problem naming the area, never the host that failed. It
 * answers only to the internal forward from a circuit breaker; called from outside it is just an unknown path.
 */
@Configuration(proxyBeanMethods = false)
class ServiceUnavailable {

    static final String PATH = "/fallback";
    static final String DOCUMENT_ROUTE_PREFIX = "openapi-";
    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailable.class);

    @Bean
    RouterFunction<ServerResponse> serviceUnavailableFallback() {
        return RouterFunctions.route(RequestPredicates.path(PATH), ServiceUnavailable::answer);
    }

    private static Mono<ServerResponse> answer(ServerRequest request) {
        ServerWebExchange exchange = request.exchange();
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (cause == null || route == null) {
            return ServerResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(Problems.body(exchange, HttpStatus.NOT_FOUND, "not-found", "Not Found", "No API is served at this path."));
        }
        String area = route.getId().startsWith(DOCUMENT_ROUTE_PREFIX) ? route.getId().substring(DOCUMENT_ROUTE_PREFIX.length()) : route.getId();
        log.warn("The {} service is unavailable: {}", area, cause.getClass().getName());
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", "5")
                .bodyValue(Problems.body(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service Unavailable",
                        "The " + area + " service is unavailable right now; try again shortly."));
    }
}
