package health.liaison.gateway;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHygieneIT extends GatewayITSupport {

    @Test
    void identityAndInternalHeadersSetByTheClientNeverReachTheService() {
        String path = "/api/records/v1/patients/hygiene-" + System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("COORDINATOR").tenant("aurora").sign())
                .header("X-Tenant", "borealis")
                .header("X-Tenant-Id", "borealis")
                .header("X-User-Id", "someone-else")
                .header("X-Roles", "ADMIN")
                .header("X-Internal-Caller", "billing-service")
                .header("X-Liaison-Tenant", "borealis")
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        List<LoggedRequest> seen = RECORDS.requestsMatching(path);
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().getHeaders().keys())
                .noneMatch(name -> name.equalsIgnoreCase("X-Tenant") || name.equalsIgnoreCase("X-Tenant-Id")
                        || name.equalsIgnoreCase("X-User-Id") || name.equalsIgnoreCase("X-Roles")
                        || name.toLowerCase().startsWith("x-internal-") || name.toLowerCase().startsWith("x-liaison-"));
    }

    @Test
    void aRequestIdIsCreatedWhenAbsentAndTravelsToTheServiceAndBack() {
        String path = "/api/scheduling/v1/request-id-" + System.nanoTime();

        HttpResponse<String> response = get(path, freshUser("COORDINATOR").sign());

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).isNotBlank();
        assertThat(SCHEDULING.requestsMatching(path).getFirst().getHeader("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void aCallersRequestIdAndTraceAreKept() {
        String path = "/api/scheduling/v1/trace-" + System.nanoTime();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign())
                .header("X-Request-Id", "front-end-1234567")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .GET().build());

        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("front-end-1234567");
        LoggedRequest seen = SCHEDULING.requestsMatching(path).getFirst();
        assertThat(seen.getHeader("X-Request-Id")).isEqualTo("front-end-1234567");
        assertThat(seen.getHeader("traceparent")).startsWith("00-" + traceId + "-");
    }

    @Test
    void anUnknownRouteIsNotFoundAsProblem() {
        HttpResponse<String> response = get("/api/payroll/v1/salaries", freshUser("ADMIN").sign());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("https://liaison.health/problems/not-found");
    }

    @Test
    void theServicesActuatorIsNeverReachableThroughTheGateway() throws IOException {
        String token = freshUser("ADMIN").sign();
        List<String> attempts = List.of(
                "/api/records/v1/../../actuator/env",
                "/api/records/v1/%2e%2e/%2e%2e/actuator/env",
                "/api/records/v1/..%2f..%2factuator/env",
                "/api/records/v1//../../actuator/env",
                "/actuator/env",
                "/api/records/actuator/env",
                "/actuator/gateway/routes");
        for (String attempt : attempts) {
            String raw = rawGet(attempt, token);
            assertThat(raw).as(attempt).matches("(?s)HTTP/1\\.1 (400|404) .*").doesNotContain(Backend.ACTUATOR_SECRET);
        }
        assertThat(RECORDS.requestsMatching(".*actuator.*")).isEmpty();
    }

    @Test
    void apiResponsesCarryRestrictiveSecurityHeaders() {
        HttpResponse<String> response = get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").sign());

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
    }

    @Test
    void onlyConfiguredFrontEndsGetCorsPermission() {
        HttpResponse<String> allowed = preflight("https://app.liaison.test");
        HttpResponse<String> stranger = preflight("https://evil.example");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.liaison.test");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theGatewaysProbesAreOpenAndItsMetricsAreOnlyOnTheManagementPort() {
        assertThat(get("/livez", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/health/readiness", "/actuator/info")) {
            HttpResponse<String> onPublicPort = get(path, null);
            assertThat(onPublicPort.statusCode()).as(path).isEqualTo(404);
            assertThat(onPublicPort.body()).as(path).doesNotContain("jvm_").doesNotContain("http_server_requests");
        }
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).GET().build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health/readiness")).GET().build()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> preflight(String origin) {
        return send(HttpRequest.newBuilder(gateway("/api/scheduling/v1/appointments"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build());
    }

    /** Sends the path byte for byte: HTTP clients would normalise the dot segments away. */
    private String rawGet(String path, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
