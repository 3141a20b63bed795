package health.liaison.gateway;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResilienceIT extends GatewayITSupport {

    @Test
    void aStoppedServiceGivesAFast503AndTheRouteRecoversWhenItIsBack() {
        SCHEDULING.stop();
        try {
            for (String method : new String[] {"GET", "POST"}) {
                long started = System.nanoTime();
                HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/scheduling/v1/appointments"))
                        .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign())
                        .header("Content-Type", "application/json")
                        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                        .timeout(Duration.ofSeconds(10)).build());
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(response.statusCode()).as(method).isEqualTo(503);
                assertThat(took).as(method).isLessThan(Duration.ofSeconds(2));
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("https://liaison.health/problems/service-unavailable");
                assertThat((String) JsonPath.read(response.body(), "$.detail")).contains("scheduling").doesNotContain("127.0.0.1");
            }
        } finally {
            SCHEDULING.start();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").sign()).statusCode()).isEqualTo(200));
    }

    @Test
    void aSlowServiceGivesAFast503() {
        NOTIFICATIONS.server().stubFor(WireMock.get(urlPathEqualTo("/api/notifications/v1/slow")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));
        long started = System.nanoTime();

        HttpResponse<String> response = get("/api/notifications/v1/slow", freshUser("COORDINATOR").sign());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat((String) JsonPath.read(response.body(), "$.detail")).contains("notifications");
    }

    @Test
    void requestsAreSpreadOverEveryInstanceAndADeadInstanceIsSkipped() {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/api/inventory/v1/items", freshUser("INVENTORY").sign());
            assertThat(response.statusCode()).isEqualTo(200);
            servedBy.add(JsonPath.read(response.body(), "$.servedBy"));
        }
        assertThat(servedBy).containsExactlyInAnyOrder(INVENTORY_A.name(), INVENTORY_B.name());

        INVENTORY_B.stop();
        try {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = get("/api/inventory/v1/items", freshUser("NURSE").sign());
                assertThat(response.statusCode()).as("GET %d with one instance down", i + 1).isEqualTo(200);
                assertThat((String) JsonPath.read(response.body(), "$.servedBy")).isEqualTo(INVENTORY_A.name());
            }
        } finally {
            INVENTORY_B.start();
        }
    }

    @Test
    void anInstanceThatSaysItIsNotReadyGetsNoNewRequestsUntilItIsReadyAgain() {
        // a stopping service: readiness down (503), still serving while it drains
        INVENTORY_B.server().stubFor(WireMock.get(urlPathEqualTo("/actuator/health/readiness")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"status\":\"OUT_OF_SERVICE\"}")));
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (int i = 0; i < 6; i++) {
                    HttpResponse<String> response = get("/api/inventory/v1/items", freshUser("INVENTORY").sign());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat((String) JsonPath.read(response.body(), "$.servedBy")).isEqualTo(INVENTORY_A.name());
                }
            });
        } finally {
            INVENTORY_B.server().stubFor(WireMock.get(urlPathEqualTo("/actuator/health/readiness")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"UP\"}")));
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Set<String> servedBy = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                servedBy.add(JsonPath.read(get("/api/inventory/v1/items", freshUser("INVENTORY").sign()).body(), "$.servedBy"));
            }
            assertThat(servedBy).containsExactlyInAnyOrder(INVENTORY_A.name(), INVENTORY_B.name());
        });
    }
}
