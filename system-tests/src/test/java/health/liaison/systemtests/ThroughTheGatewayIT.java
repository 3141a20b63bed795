package health.liaison.systemtests;

import health.liaison.notifications.NotificationsApplication;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.RecordsApplication;
import io.opentelemetry.proto.trace.v1.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
                "--spring.mongodb.database=liaison_gateway_" + run, "--liaison.resilience.wait-in-open-state=1s", EXPORT_QUICKLY,
                // behind one proxy, as behind the ingress in production: the client address is X-Forwarded-For's last
                "--liaison.public-paths.forwarded-hops=1"};
        gateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), env, args);
        secondGateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), env, args);
        for (String user : new String[]{"coordinator@aurora", "coordinator@belmont", "patient@aurora", "nurse@aurora", "billing@aurora", "admin@aurora"}) {
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

    /**
     * A practice's website posts its form through the real gateway to the real records service: no token, the same
     * 202 for everyone, an owned inquiry whose first response is due in the clinic's own business hours (Tokyo, open
     * only on the day after tomorrow: 09:00 + the 60-minute target), a first-response task for the lead, an
     * acknowledgement queued by the notification service, and nothing of the person on the topics or in the log.
     */
    @Test
    void aWebFormInquiryThroughTheGatewayIsOwnedDueInClinicHoursAndAcknowledged() throws Exception {
        String admin = tokens.get("admin@aurora");
        String clinic = "aurora-web-" + run;
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDate openDay = LocalDate.now(tokyo).plusDays(2);
        clinicOpenOnlyOn(clinic, tokyo, openDay);
        String form = formFor(clinic, admin);

        String name = "Wendy Formpost" + run;
        String mail = "wendy." + run + "@phi-marker.example";
        String text = "PHI-MARKER-" + run + " asking about rhinoplasty";
        ApiClient.Answer posted = edge().post("/api/public/v1/inquiry-forms/" + form, """
                {"name":"%s","email":"%s","preferredLanguage":"es","preferredChannel":"EMAIL","interest":"rhinoplasty","message":"%s"}"""
                .formatted(name, mail, text)).header("X-Forwarded-For", "203.0.113.10").send();
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
        assertThat(posted.body()).doesNotContain("Wendy").doesNotContain(mail).doesNotContain(run);
        ApiClient.Answer again = edge().post("/api/public/v1/inquiry-forms/" + form, """
                {"name":"%s","email":"%s","message":"%s"}""".formatted(name, mail.toUpperCase(), text))
                .header("X-Forwarded-For", "203.0.113.11").send();
        assertThat(again.status()).as("the same answer when the person is known").isEqualTo(202);
        assertThat(again.body()).isEqualTo(posted.body());
        ApiClient.Answer unknownForm = edge().post("/api/public/v1/inquiry-forms/no-such-form-" + run, """
                {"name":"%s","email":"%s"}""".formatted(name, mail)).header("X-Forwarded-For", "203.0.113.10").send();
        assertThat(unknownForm.status()).isEqualTo(404);
        assertThat(unknownForm.body()).doesNotContain("Wendy").doesNotContain(mail);

        JsonNode inquiry = await().atMost(Duration.ofSeconds(30)).until(() -> inquiriesOf(clinic, admin), list -> list.size() == 1).get(0);
        String inquiryId = inquiry.get("id").asString();
        Instant due = openDay.atTime(10, 0).atZone(tokyo).toInstant();
        assertThat(inquiry.get("source").asString()).isEqualTo("WEB_FORM");
        assertThat(inquiry.get("contacts").asInt()).as("one inquiry with both contacts").isEqualTo(2);
        assertThat(inquiry.get("ownerId").asString()).as("the clinic's intake owner, its lead").isEqualTo("lead-" + run);
        assertThat(Instant.parse(inquiry.get("firstResponseDueAt").asString())).isEqualTo(due);

        JsonNode task = await().atMost(Duration.ofSeconds(30)).until(() -> edge()
                        .get("/api/records/v1/tasks?scope=team&locationId=" + clinic).token(admin).send().json().get("items"),
                items -> items.size() == 1).get(0);
        assertThat(task.get("kind").asString()).isEqualTo("FIRST_RESPONSE");
        assertThat(task.get("subjectId").asString()).isEqualTo(inquiryId);
        assertThat(task.get("ownerId").asString()).isEqualTo("lead-" + run);
        assertThat(Instant.parse(task.get("dueAt").asString())).isEqualTo(due);

        MongoTemplate notificationsData = notifications.bean(MongoTemplate.class);
        Document acknowledgement = await().atMost(Duration.ofSeconds(30)).until(() ->
                notificationsData.findById("inquiry-ack-" + inquiryId + "-EMAIL", Document.class, "messages"), d -> d != null);
        assertThat(acknowledgement.getString("kind")).isEqualTo("INQUIRY_ACKNOWLEDGEMENT");
        assertThat(acknowledgement.toJson()).doesNotContain("Wendy").doesNotContain(mail).doesNotContain("PHI-MARKER");

        for (String topic : List.of(Topics.RECORDS_INQUIRY, Topics.RECORDS_TASK)) {
            List<ConsumerRecord<String, byte[]>> events = TopicProbe.of(infrastructure).readUntil(topic, Duration.ofSeconds(30),
                    list -> list.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(inquiryId)));
            assertThat(events).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain("Wendy").doesNotContain(mail).doesNotContain("PHI-MARKER"));
        }
        for (ExternalProcess front : List.of(gateway, secondGateway)) {
            assertThat(Files.readString(front.logFile())).doesNotContain("Wendy").doesNotContain(mail).doesNotContain("PHI-MARKER");
        }
    }

    /**
     * A bot posting one clinic's form as fast as it can from one address gets the records service's per-address limit
     * and no more stored, while another clinic's form, posted from elsewhere, still works; an oversized, malformed or
     * injected post is a problem answer and stores nothing.
     */
    @Test
    void aFloodOfFormPostsThroughTheGatewayStoresOnlyTheLimitAndOtherClinicsStillWork() throws Exception {
        String admin = tokens.get("admin@aurora");
        String flooded = "aurora-flood-" + run;
        String other = "aurora-other-" + run;
        String floodedForm = formFor(flooded, admin);
        String otherForm = formFor(other, admin);
        int posts = 400;
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                int n = i;
                answers.add(pool.submit(() -> edge().post("/api/public/v1/inquiry-forms/" + floodedForm, """
                        {"name":"Bot","email":"bot%d.%s@phi-marker.example"}""".formatted(n, run))
                        .header("X-Forwarded-For", "198.51.100.66").send().status()));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }
        assertThat(statuses).containsOnly(202, 429);
        assertThat(statuses.stream().filter(s -> s == 202)).as("the per-address limit").hasSize(RECORDS_PER_ADDRESS);
        assertThat(inquiriesOf(flooded, admin)).hasSize(RECORDS_PER_ADDRESS);

        ApiClient.Answer elsewhere = edge().post("/api/public/v1/inquiry-forms/" + otherForm, """
                {"name":"Olga","email":"olga.%s@phi-marker.example"}""".formatted(run)).header("X-Forwarded-For", "192.0.2.44").send();
        assertThat(elsewhere.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> inquiriesOf(other, admin).size() == 1);

        String big = "x".repeat(20_000);
        for (String bad : List.of("{\"name\":\"Ana\",\"email\":\"ana@example.com\",\"message\":\"" + big + "\"}",
                "{\"name\":\"Ana\",\"email\":",
                "{\"name\":{\"$gt\":\"\"},\"email\":\"ana@example.com\"}")) {
            ApiClient.Answer refused = edge().post("/api/public/v1/inquiry-forms/" + otherForm, bad)
                    .header("X-Forwarded-For", "192.0.2.45").send();
            assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(inquiriesOf(other, admin)).as("nothing of a refused post stored").hasSize(1);
    }

    static final int RECORDS_PER_ADDRESS = 10;

    /** Scheduling's definition of a clinic that opens 09:00–17:00 on one day of the week only. */
    private void clinicOpenOnlyOn(String clinic, ZoneId zone, LocalDate day) {
        Map<DayOfWeek, List<LocationChanged.OpeningSpan>> hours = Map.of(day.getDayOfWeek(),
                List.of(new LocationChanged.OpeningSpan(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        TopicProbe.of(infrastructure).send(CloudEventRecords.of("scheduling-service", "aurora", clinic,
                new LocationChanged(clinic, zone.getId(), hours, List.of(), Instant.now())));
        String admin = tokens.get("admin@aurora");
        ApiClient.Answer team = edge().put("/api/records/v1/clinics/" + clinic + "/follow-up-team",
                "{\"leadCoordinatorId\":\"lead-" + run + "\",\"responseTargetMinutes\":60}").token(admin).send();
        assertThat(team.status()).as(team.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> edge().get("/api/records/v1/clinics/" + clinic + "/follow-up-team")
                .token(admin).send().json().get("hoursKnown").asBoolean());
    }

    private String formFor(String clinic, String admin) {
        ApiClient.Answer made = edge().post("/api/records/v1/inquiry-forms", "{\"locationId\":\"" + clinic + "\"}").token(admin).send();
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        return made.json().get("formKey").asString();
    }

    private List<JsonNode> inquiriesOf(String clinic, String admin) {
        ApiClient.Answer list = edge().get("/api/records/v1/inquiries?locationId=" + clinic + "&size=100").token(admin).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        list.json().get("items").forEach(items::add);
        return items;
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
