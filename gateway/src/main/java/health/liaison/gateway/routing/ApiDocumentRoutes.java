package health.liaison.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /openapi/<area>} serves that service's {@code /v3/api-docs} for the gateway's Swagger UI. The document's
 * {@code servers} are replaced by the gateway itself: a service only knows its internal address, and "Try it out"
 * must go through the front door like every other call.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentRoutes {

    static final String PATH_PREFIX = "/openapi/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    RouteLocator serviceDocumentRoutes(RouteLocatorBuilder builder, ServiceAreas areas) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (String area : areas.routes().keySet()) {
            routes.route(ServiceUnavailable.DOCUMENT_ROUTE_PREFIX + area, route -> route
                    .path(PATH_PREFIX + area).and().method("GET")
                    .filters(filter -> filter
                            .circuitBreaker(breaker -> breaker.setName(area).setFallbackUri("forward:" + ServiceUnavailable.PATH))
                            .removeRequestHeader("Accept-Encoding")
                            .removeRequestHeader("Authorization")
                            .setPath("/v3/api-docs")
                            .modifyResponseBody(String.class, String.class, (exchange, document) ->
                                    Mono.justOrEmpty(exchange.getResponse().getStatusCode() != null
                                            && exchange.getResponse().getStatusCode().is2xxSuccessful()
                                            ? throughGateway(document) : document)))
                    .uri("lb://" + area));
        }
        return routes.build();
    }

    static String throughGateway(String document) {
        if (document == null || document.isBlank()) {
            return document;
        }
        JsonNode tree = JSON.readTree(document);
        if (!(tree instanceof ObjectNode openApi)) {
            return document;
        }
        openApi.putArray("servers").addObject().put("url", "/").put("description", "Liaison gateway");
        return JSON.writeValueAsString(openApi);
    }
}
