package health.liaison.gateway.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the gateway's own RFC 9457 answers. Details are fixed sentences chosen here, never exception messages,
 * so no internal host, stack trace or patient data can leak into a response.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://liaison.health/problems/";
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** A problem with a stable {@code type} slug, e.g. {@code service-unavailable}. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String typeSlug, String title, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        Map<String, Object> body = body(exchange, status, typeSlug, title, detail);
        response.setStatusCode(status);
        response.getHeaders().setContentType(PROBLEM_JSON);
        response.getHeaders().remove("Content-Length");
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body));
        return response.writeWith(Mono.just(buffer));
    }

    public static Map<String, Object> body(ServerWebExchange exchange, HttpStatusCode status, String typeSlug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + typeSlug);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        String requestId = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return body;
    }

    public static String titleOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
