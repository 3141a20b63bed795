package health.liaison.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP server standing in for one instance of a service: it answers every {@code /api/...} call with
 * which instance served it, serves an OpenAPI document at {@code /v3/api-docs}, and has an actuator with a
 * secret in it that must never be reachable through the gateway. It can be stopped and started on the same port.
 */
final class Backend {

    static final String ACTUATOR_SECRET = "backend-actuator-secret";

    private final String area;
    private final String name;
    private WireMockServer server;
    private int port;

    Backend(String area, String name) {
        this.area = area;
        this.name = name;
        start(0);
    }

    synchronized void start() {
        start(port);
    }

    private void start(int onPort) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").port(onPort).containerThreads(12).jettyStopTimeout(0L));
        server.start();
        port = server.port();
        server.stubFor(any(urlPathMatching("/api/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"servedBy\":\"" + name + "\"}")));
        server.stubFor(any(urlPathMatching("/actuator.*"))
                .willReturn(aResponse().withStatus(200).withBody(ACTUATOR_SECRET)));
        server.stubFor(get(urlPathEqualTo("/v3/api-docs"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"openapi":"3.1.0","info":{"title":"%s service","version":"v1"},
                                 "servers":[{"url":"http://%s-internal.cluster.local:8080"}],
                                 "paths":{"/api/%s/v1/things":{"get":{"operationId":"listThings","responses":{"200":{"description":"ok"}}}}}}
                                """.formatted(area, area, area))));
    }

    synchronized void stop() {
        server.stop();
    }

    WireMockServer server() {
        return server;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    List<LoggedRequest> requestsMatching(String urlRegex) {
        return server.findAll(anyRequestedFor(urlMatching(urlRegex)));
    }
}
