package health.liaison.systemtests;

import health.liaison.notifications.NotificationsApplication;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.RecordsApplication;
import io.opentelemetry.proto.trace.v1.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The front door as production runs it: the authorization server of the local stack and two gateway replicas as
 * their own processes, the records and notification services behind them, real tokens from the real OAuth2 server.
 */
@RealInfrastructure
class ThroughTheGatewayIT {

    static final int PER_USER_LIMIT = 40;
    static Infrastructure infrastructure;
    static ExternalProcess identity;
    static ExternalProcess gateway;
    static ExternalProcess secondGateway;
    static RunningService records;
    static RunningService notifications;
    static int recordsPort;
    static String run;
    static OtlpCollector collector;
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        infrastructure = TestInfrastructure.get();
        run = UUID.randomUUID().toString().substring(0, 6);
        collector = OtlpCollector.start();
        int identityPort = ExternalProcess.freePort();
        String issuer = "http://127.0.0.1:" + identityPort;
        identity = ExternalProcess.start("local-stack", identityPort,
                Map.of("LIAISON_LOCAL_STACK_MODE", "identity-only", "LIAISON_ISSUER", issuer));
        String jwks = issuer + "/oauth2/jwks";
        recordsPort = ExternalProcess.freePort();
        records = startRecords(issuer, jwks);
        notifications = RunningService.startTrusting(NotificationsApplication.class, "notification-service", "gw_notifications_" + run,
                infrastructure, issuer, jwks, "--spring.kafka.consumer.group-id=gw-" + run, exportTraces(), EXPORT_QUICKLY);
        int dead = ExternalProcess.freePort();
        Map<String, String> env = Map.of(
                // the gateway as production configures it: the standard variable names the collector
                "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "LIAISON_OIDC_ISSUER_URI", issuer,
                "LIAISON_OIDC_JWK_SET_URI", jwks,
                "LIAISON_GATEWAY_MONGODB_URI", infrastructure.mongoConnectionString(),
                "LIAISON_ROUTES_RECORDS_URI", "http://127.0.0.1:" + recordsPort,
                "LIAISON_ROUTES_NOTIFICATIONS_URI", "http://127.0.0.1:" + notifications.port(),
                "LIAISON_ROUTES_SCHEDULING_URI", "http://127.0.0.1:" + dead,
                "LIAISON_ROUTES_BILLING_URI", "http://127.0.0.1:" + dead,
                "LIAISON_ROUTES_INVENTORY_URI", "http://127.0.0.1:" + dead);
        String[] args = {"--liaison.rate-limit.per-user=" + PER_USER_LIMIT, "--liaison.rate-limit.window=1h",
                "--spring.mongodb.database=liaison_gateway_" + run, "--liaison.resilience.wait-in-open-state=1s", EXPORT_QUICKLY};
        gateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), env, args);
        secondGateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), env, args);
        for (String user : new String[]{"coordinator@aurora", "coordinator@belmont", "patient@aurora", "nurse@aurora", "billing@aurora"}) {
            tokens.put(user, token(issuer, user));
        }
    }

    /** The in-JVM services cannot be given environment variables: the property the variable becomes. */
    static String exportTraces() {
        return "--management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint() + "/v1/traces";
    }

    static final String EXPORT_QUICKLY = "--management.opentelemetry.tracing.export.schedule-delay=200ms";

    static RunningService startRecords(String issuer, String jwks) {
        return RunningService.startTrusting(RecordsApplication.class, "patient-records-service", "gw_records_" + run,
                infrastructure, issuer, jwks, "--server.port=" + recordsPort, exportTraces(), EXPORT_QUICKLY);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[]{secondGateway, gateway, notifications, records, identity, collector}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    ApiClient edge() {
        return new ApiClient(gateway.url());
    }

    @Test
    void aCoordinatorRegistersAPatientThroughTheGatewayAndTheTraceReachesKafka() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ApiClient.Answer created = edge().post("/api/records/v1/patients", patient("Dora", "Reis"))
                .token(tokens.get("coordinator@aurora"))
                .header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("X-Request-Id")).isNotBlank();
        String patientId = created.json().get("id").asString();

        ConsumerRecord<String, byte[]> event = TopicProbe.of(infrastructure).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> patientId.equals(r.key()))).stream()
                .filter(r -> patientId.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.header(event, "ce_traceparent")).hasValueSatisfying(tp -> assertThat(tp).contains(traceId));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ApiClient.Answer messages = edge().get("/api/notifications/v1/patients/" + patientId + "/messages")
                    .token(tokens.get("coordinator@aurora")).send();
            return messages.status() == 200 && messages.json().get("items").size() == 1;
        });

        // one trace, exported over OTLP by every process it crossed: the gateway's request, records' request and its
        // outbox's publish, notifications' consumption of the event; no patient data in any span
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<OtlpCollector.ReceivedSpan> spans = collector.spansOf(traceId);
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("gateway");
                assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            });
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("patient-records-service");
                assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            });
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("patient-records-service");
                assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
            });
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("notification-service");
                assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
            });
            assertThat(spans).allSatisfy(span -> assertThat(span.attributes().values())
                    .noneMatch(value -> value.contains("Dora") || value.contains("Reis")));
        });
    }

    @Test
    void anotherPracticeGroupGets404AndAClientSetTenantHeaderChangesNothing() {
        String patientId = edge().post("/api/records/v1/patients", patient("Eva", "Sousa"))
                .token(tokens.get("coordinator@aurora")).send().json().get("id").asString();

        ApiClient.Answer foreign = edge().get("/api/records/v1/patients/" + patientId)
                .token(tokens.get("coordinator@belmont")).header("X-Tenant", "aurora").header("X-Tenant-Id", "aurora").send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.header("Content-Type")).startsWith("application/problem+json");
        assertThat(foreign.body()).doesNotContain("Eva").doesNotContain("Sousa");

        ApiClient.Answer own = edge().get("/api/records/v1/patients/" + patientId)
                .token(tokens.get("coordinator@aurora")).header("X-Tenant", "belmont").send();
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("firstName").asString()).isEqualTo("Eva");
    }

    @Test
    void tokensAndRolesAreCheckedAtTheEdge() {
        assertThat(edge().get("/api/records/v1/patients/x").send().status()).isEqualTo(401);
        assertThat(edge().get("/api/billing/v1/invoices").token(tokens.get("patient@aurora")).send().status()).isEqualTo(403);
        assertThat(edge().get("/api/nothing/v1/x").token(tokens.get("coordinator@aurora")).send().status()).isEqualTo(404);
        assertThat(edge().get("/actuator/env").token(tokens.get("coordinator@aurora")).send().status()).isEqualTo(404);
    }

    @Test
    void theRateLimitIsSharedByTheGatewayReplicas() {
        String nurse = tokens.get("nurse@aurora");
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < PER_USER_LIMIT + 20; i++) {
            ApiClient through = new ApiClient((i % 2 == 0 ? gateway : secondGateway).url());
            ApiClient.Answer answer = through.get("/api/notifications/v1/patients/nobody/messages").token(nurse).send();
            if (answer.status() == 429) {
                limited++;
                assertThat(answer.header("Retry-After")).isNotBlank();
            } else {
                // through to the service, which has no such patient
                assertThat(answer.status()).isEqualTo(404);
                ok++;
            }
        }
        assertThat(ok).as("requests allowed across both replicas").isEqualTo(PER_USER_LIMIT);
        assertThat(limited).isEqualTo(20);
        // another user of the same group is still served
        assertThat(edge().get("/api/notifications/v1/patients/nobody/messages").token(tokens.get("coordinator@aurora")).send().status())
                .isEqualTo(404);
    }

    @Test
    void aStoppedServiceGetsAFast503AndRecoversWithoutRestartingTheGateway() {
        String coordinator = tokens.get("coordinator@aurora");
        records.close();
        try {
            long started = System.nanoTime();
            ApiClient.Answer down = edge().get("/api/records/v1/patients/any").token(coordinator).send();
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.header("Content-Type")).startsWith("application/problem+json");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            records = startRecords(identityIssuer(), identityIssuer() + "/oauth2/jwks");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                edge().post("/api/records/v1/patients", patient("Fia", "Melo")).token(coordinator).send().status() == 201);
    }

    private static String identityIssuer() {
        return identity.url();
    }

    private static String patient(String first, String last) {
        return """
                {"locationId":"aurora-miami","firstName":"%s","lastName":"%s","dateOfBirth":"1979-09-30","email":"%s@example.com"}"""
                .formatted(first, last, first.toLowerCase());
    }

    private static String token(String issuer, String user) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":liaison").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.json().readTree(response.body()).get("access_token").asString();
    }
}
