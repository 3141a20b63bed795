package health.liaison.gateway;

import com.jayway.jsonpath.JsonPath;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectionIT extends GatewayITSupport {

    @Test
    void aFloodFromOneUserIsHeldBackWhileAnotherUserOfTheSameGroupIsServed() {
        String tenant = "group-" + UUID.randomUUID();
        String flooder = TestIdentity.token().subject("flooder-" + UUID.randomUUID()).tenant(tenant).roles("COORDINATOR").sign();
        String colleague = TestIdentity.token().subject("colleague-" + UUID.randomUUID()).tenant(tenant).roles("COORDINATOR").sign();

        for (int i = 0; i < PER_USER; i++) {
            assertThat(get("/api/scheduling/v1/appointments", flooder).statusCode()).as("request %d", i + 1).isEqualTo(200);
        }
        HttpResponse<String> heldBack = get("/api/scheduling/v1/appointments", flooder);

        assertThat(heldBack.statusCode()).isEqualTo(429);
        assertThat(heldBack.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, RATE_WINDOW.toSeconds()));
        assertThat(heldBack.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(heldBack.body(), "$.type")).isEqualTo("https://liaison.health/problems/rate-limited");
        assertThat(get("/api/scheduling/v1/appointments", colleague).statusCode()).isEqualTo(200);
    }

    @Test
    void aWholePracticeGroupIsHeldBackOnceItsAllowanceIsUsedWhileOtherGroupsAreServed() {
        String busyGroup = "group-" + UUID.randomUUID();
        IntStream.range(0, PER_TENANT).forEach(i -> assertThat(get("/api/scheduling/v1/appointments",
                TestIdentity.token().subject("u" + i + "-" + UUID.randomUUID()).tenant(busyGroup).roles("COORDINATOR").sign())
                .statusCode()).isEqualTo(200));

        HttpResponse<String> newcomer = get("/api/scheduling/v1/appointments",
                TestIdentity.token().subject("newcomer-" + UUID.randomUUID()).tenant(busyGroup).roles("COORDINATOR").sign());

        assertThat(newcomer.statusCode()).isEqualTo(429);
        assertThat(newcomer.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItReachesTheService() {
        String path = "/api/scheduling/v1/appointments/oversized-" + System.nanoTime();
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("https://liaison.health/problems/payload-too-large");
        assertThat(SCHEDULING.requestsMatching(path)).isEmpty();
    }

    @Test
    void anOversizedChunkedBodyIsRefusedBeforeItReachesTheService() {
        String path = "/api/billing/v1/invoices/chunked-" + System.nanoTime();
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];

        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("BILLING").sign())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                // an unknown length makes the client send the body chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(twoMegabytes))).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(BILLING.requestsMatching(path)).isEmpty();
    }

    @Test
    void recordsAcceptLargerUploadsThanOtherAreasAndSmallChunkedBodiesPassIntact() {
        String path = "/api/records/v1/documents/upload-" + System.nanoTime();
        byte[] threeMegabytes = new byte[3 * 1024 * 1024];

        HttpResponse<String> upload = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("PROVIDER").sign())
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(threeMegabytes)).build());
        String chunkedPath = "/api/billing/v1/invoices/small-" + System.nanoTime();
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(gateway(chunkedPath))
                .header("Authorization", "Bearer " + freshUser("BILLING").sign())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("{\"amount\":\"12.50\"}".getBytes()))).build());

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(RECORDS.requestsMatching(path).getFirst().getBody()).hasSize(threeMegabytes.length);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(BILLING.requestsMatching(chunkedPath).getFirst().getBodyAsString()).isEqualTo("{\"amount\":\"12.50\"}");
    }
}
