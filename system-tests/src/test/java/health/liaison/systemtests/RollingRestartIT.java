package health.liaison.systemtests;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.records.RecordsApplication;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the records service behind the gateway; each is stopped (gracefully, as Kubernetes does) and
 * started again in turn while clients keep registering and reading patients through the gateway. No request may
 * fail, not even a POST, which the gateway cannot retry once it has reached a service. What makes it hold:
 * <ul>
 *   <li>a stopping service reports its readiness down at once and keeps serving for its drain
 *       ({@code ShutdownDrain}, {@code liaison.shutdown.drain}, 5 s); the gateway asks each instance of a
 *       load-balanced area for its readiness every second ({@code InstanceReadiness}) and sends a not-ready one nothing
 *       new, so the drain ends with no request in flight and no connection in use — what Kubernetes does by taking a
 *       terminating pod out of its Service's endpoints;</li>
 *   <li>while draining, every answer closes its connection, so no pooled keep-alive connection is closed under a
 *       request already on its way; the gateway discards pooled connections idle for 2 s;</li>
 *   <li>a restarted instance is offered again once it says it is ready; before that a refused connection is retried,
 *       whatever the method, on another instance ({@code RefusingInstances} leaves the refusing one out for 2 s).</li>
 * </ul>
 * Part of the default run (about a minute on a 2-core machine).
 */
@RealInfrastructure
class RollingRestartIT {

    @Test
    void restartingTheInstancesOneAtATimeUnderSteadyLoadFailsNoRequest() throws Exception {
        Infrastructure infrastructure = TestInfrastructure.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String database = "rolling_records_" + run;
        int portA = ExternalProcess.freePort();
        int portB = ExternalProcess.freePort();
        RunningService[] instances = {start(infrastructure, database, portA), start(infrastructure, database, portB)};
        try (ExternalProcess gateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), Map.of(
                "LIAISON_OIDC_ISSUER_URI", TestIdentity.issuer(),
                "LIAISON_OIDC_JWK_SET_URI", TestIdentity.jwkSetUri(),
                "LIAISON_GATEWAY_MONGODB_URI", infrastructure.mongoConnectionString(),
                "LIAISON_ROUTES_RECORDS_URI", "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB),
                "--spring.mongodb.database=rolling_gateway_" + run, "--liaison.rate-limit.per-user=100000")) {
            ApiClient edge = new ApiClient(gateway.url());
            String token = TestIdentity.coordinator("aurora", "aurora-miami");
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            List<String> created = new CopyOnWriteArrayList<>();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 3; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (loading.get()) {
                        int n = sent.incrementAndGet();
                        ApiClient.Answer answer;
                        if (n % 2 == 0 || created.isEmpty()) {
                            answer = edge.post("/api/records/v1/patients", """
                                    {"locationId":"aurora-miami","firstName":"Load","lastName":"Test","dateOfBirth":"1990-01-01","notADuplicate":true}""")
                                    .header("Idempotency-Key", "rolling-" + run + "-" + n).token(token).send();
                            if (answer.status() == 201) {
                                created.add(answer.json().get("id").asString());
                            }
                        } else {
                            answer = edge.get("/api/records/v1/patients/" + created.get(n % created.size())).token(token).send();
                        }
                        statuses.merge(answer.status(), 1, Integer::sum);
                        if (answer.status() >= 300) {
                            failures.add(answer.status() + " " + answer.body());
                        }
                    }
                }));
            }
            awaitRequests(sent, 40);
            for (int i = 0; i < instances.length; i++) {
                instances[i].close();
                awaitRequests(sent, sent.get() + 20);
                instances[i] = start(infrastructure, database, i == 0 ? portA : portB);
                awaitRequests(sent, sent.get() + 40);
            }
            loading.set(false);
            for (Thread client : clients) {
                client.join();
            }
            System.out.printf("[rolling restart] %d requests through the gateway, statuses %s, failed %d%n",
                    sent.get(), statuses, failures.size());
            assertThat(failures).as("failed requests during the rolling restart").isEmpty();
            assertThat(sent.get()).isGreaterThan(200);
        } finally {
            for (RunningService instance : instances) {
                instance.close();
            }
        }
    }

    private static RunningService start(Infrastructure infrastructure, String database, int port) {
        return RunningService.start(RecordsApplication.class, "patient-records-service", database, infrastructure,
                "--server.port=" + port);
    }

    private static void awaitRequests(AtomicInteger sent, int atLeast) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> sent.get() >= atLeast);
    }
}
