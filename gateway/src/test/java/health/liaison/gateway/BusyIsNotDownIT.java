package health.liaison.gateway;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A busy, healthy service is not a service that is down: excess is shed with 429 before the breaker, answers within
 * the limit (4xx included) never open it, a slow write gets the service's own answer, and a write the gateway gives
 * up on says that it may have happened.
 */
class BusyIsNotDownIT extends GatewayITSupport {

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory breakers;

    @Test
    void aBurstOnASlowButHealthyServiceIsShedWith429AndNeverCalledUnavailable() throws Exception {
        String path = "/api/billing/v1/slow-burst-" + UUID.randomUUID();
        BILLING.server().stubFor(WireMock.get(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(400).withBody("{\"ok\":true}")));
        int burst = 16;

        List<HttpResponse<String>> answers = sendAtOnce(burst, i -> HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("BILLING").sign())
                .timeout(Duration.ofSeconds(20)).GET().build());

        Map<Integer, Integer> byStatus = countByStatus(answers);
        assertThat(byStatus.keySet()).as("answers by status %s", byStatus).containsOnly(200, 429);
        assertThat(byStatus.get(200)).as("answers by status %s", byStatus).isGreaterThanOrEqualTo(BILLING_MAX_CONCURRENT);
        assertThat(byStatus.get(429)).as("answers by status %s", byStatus).isPositive();
        HttpResponse<String> shed = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(shed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(shed.body(), "$.type")).isEqualTo("https://liaison.health/problems/service-busy");
        assertThat((String) JsonPath.read(shed.body(), "$.detail")).contains("billing").doesNotContain("127.0.0.1");
        // what was shed never reached the service
        assertThat(BILLING.requestsMatching(path)).hasSize(byStatus.get(200));
        assertThat(breaker("billing").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(get(path, freshUser("BILLING").sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void clientErrorsAndSlowAnswersWithinTheLimitNeverOpenTheBreaker() {
        String refused = "/api/scheduling/v1/refused-" + UUID.randomUUID();
        String slow = "/api/scheduling/v1/slow-" + UUID.randomUUID();
        SCHEDULING.server().stubFor(WireMock.any(urlPathEqualTo(refused)).atPriority(1)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://liaison.health/problems/slot-taken\",\"status\":409}")));
        SCHEDULING.server().stubFor(WireMock.get(urlPathEqualTo(slow)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay((int) READ_TIMEOUT.toMillis() / 4).withBody("{}")));
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(gateway(refused))
                    .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign()).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(answer.statusCode()).as("POST %d", i + 1).isEqualTo(409);
            assertThat((String) JsonPath.read(answer.body(), "$.type")).isEqualTo("https://liaison.health/problems/slot-taken");
        }
        for (int i = 0; i < 6; i++) {
            assertThat(get(slow, freshUser("COORDINATOR").sign()).statusCode()).as("slow GET %d", i + 1).isEqualTo(200);
        }

        assertThat(SCHEDULING.server().findAll(postRequestedFor(urlPathEqualTo(refused)))).hasSize(12);
        CircuitBreaker scheduling = breaker("scheduling");
        assertThat(scheduling.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(scheduling.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aSlowWriteWithinTheWriteLimitGetsTheServicesAnswer() {
        String path = "/api/scheduling/v1/appointments/slow-booking-" + UUID.randomUUID();
        long delay = READ_TIMEOUT.toMillis() * 2;
        assertThat(delay).isLessThan(WRITE_TIMEOUT.toMillis());
        SCHEDULING.server().stubFor(WireMock.post(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withFixedDelay((int) delay).withBody("{\"id\":\"appt-1\",\"status\":\"BOOKED\"}")));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign())
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat((String) JsonPath.read(answer.body(), "$.status")).isEqualTo("BOOKED");
        assertThat(SCHEDULING.server().findAll(postRequestedFor(urlPathEqualTo(path)))).hasSize(1);
    }

    @Test
    void aWriteTheGatewayGivesUpOnSaysItMayHaveHappenedAndIsNotRetried() {
        String path = "/api/records/v1/patients/too-slow-" + UUID.randomUUID();
        RECORDS.server().stubFor(WireMock.post(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) WRITE_TIMEOUT.toMillis() + 1500).withBody("{}")));
        long started = System.nanoTime();

        HttpResponse<String> answer = send(HttpRequest.newBuilder(gateway(path))
                .header("Authorization", "Bearer " + freshUser("COORDINATOR").sign())
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(WRITE_TIMEOUT);
        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(answer.body(), "$.type")).isEqualTo("https://liaison.health/problems/outcome-unknown");
        assertThat((String) JsonPath.read(answer.body(), "$.detail")).contains("records", "may have been carried out", "same Idempotency-Key")
                .doesNotContain("127.0.0.1");
        assertThat(RECORDS.server().findAll(postRequestedFor(urlPathEqualTo(path)))).as("sent once, never retried").hasSize(1);
    }

    @Test
    void theFirstSlowFhirExportAfterAnIdleSpellSucceeds() {
        // a cold records service (HAPI FHIR builds its model of each resource type on first use) takes seconds for
        // its first export: longer than the default read limit, within records' own
        String path = "/api/records/v1/patients/cold-" + UUID.randomUUID() + "/export";
        long cold = READ_TIMEOUT.toMillis() * 3;
        RECORDS.server().stubFor(WireMock.get(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withFixedDelay((int) cold).withBody("{\"resourceType\":\"Bundle\"}")));
        String token = freshUser("PROVIDER").sign();
        assertThat(get("/api/records/v1/patients", token).statusCode()).isEqualTo(200);
        // idle for longer than a pooled connection is kept (2 s): the export goes out on a new connection
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);

        HttpResponse<String> export = get(path, token);

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(export.body(), "$.resourceType")).isEqualTo("Bundle");
        assertThat(RECORDS.requestsMatching(path)).hasSize(1);
    }

    private CircuitBreaker breaker(String name) {
        return breakers.getCircuitBreakerRegistry().find(name)
                .orElseThrow(() -> new AssertionError("no circuit breaker named " + name));
    }

    private static Map<Integer, Integer> countByStatus(List<HttpResponse<String>> answers) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        answers.forEach(answer -> byStatus.merge(answer.statusCode(), 1, Integer::sum));
        return byStatus;
    }

    private static List<HttpResponse<String>> sendAtOnce(int count, IntFunction<HttpRequest> request) throws Exception {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(request.apply(i));
        }
        CountDownLatch ready = new CountDownLatch(count);
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<CompletableFuture<HttpResponse<String>>> answers = requests.stream()
                    .map(each -> CompletableFuture.supplyAsync(() -> {
                        ready.countDown();
                        try {
                            ready.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return send(each);
                    }, threads))
                    .toList();
            List<HttpResponse<String>> all = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                all.add(answer.get());
            }
            return all;
        }
    }
}
