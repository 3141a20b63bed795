package health.liaison.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Every error the gateway itself raises (no route, method not allowed, an upstream failure outside a circuit
 * breaker) becomes problem+json. Runs before Spring Boot's default handler, which would answer with its own
 * JSON shape and, for 5xx, the exception text.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    private static final Map<Integer, String[]> KNOWN = Map.of(
            404, new String[] {"not-found", "No API is served at this path."},
            405, new String[] {"method-not-allowed", "This method is not allowed at this path."},
            413, new String[] {"payload-too-large", "The request body is larger than this API accepts."},
            415, new String[] {"unsupported-media-type", "This media type is not accepted here."},
            400, new String[] {"bad-request", "The request is malformed."},
            503, new String[] {"service-unavailable", "The service is unavailable right now; try again shortly."},
            504, new String[] {"service-unavailable", "The service did not answer in time; try again shortly."});

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        HttpStatusCode status = error instanceof ResponseStatusException rse ? rse.getStatusCode() : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.value() == 504) {
            // a gateway timeout is, to the caller, the same "try again shortly" as an unavailable service
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (status.is5xxServerError()) {
            log.warn("Request {} {} failed: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
                    error.getClass().getName());
        }
        String[] known = KNOWN.get(status.value());
        String slug = known != null ? known[0] : status.is5xxServerError() ? "internal-error" : "request-rejected";
        String detail = known != null ? known[1] : status.is5xxServerError()
                ? "The gateway could not complete the request." : "The request was rejected.";
        return Problems.write(exchange, status, slug, Problems.titleOf(status), detail);
    }
}
