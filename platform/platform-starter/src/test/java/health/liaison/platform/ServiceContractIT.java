package health.liaison.platform;

import health.liaison.platform.events.EventJson;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.store.ExpiringIndex;
import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service built on the platform starter answers: events through the outbox as CloudEvents, RFC 9457
 * problems for bad input, tenant isolation, ETag/If-Match, Idempotency-Key, the ops surface.
 */
@SpringBootTest(classes = ChartTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class ServiceContractIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    String aurora = TestIdentity.coordinator("aurora", "aurora-miami");

    @Test
    void creationPublishesACloudEventThroughTheOutbox() {
        ApiClient.Answer created = api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"x\"}")
                .token(aurora).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        ConsumerRecord<String, byte[]> record = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT,
                Duration.ofSeconds(30), list -> list.stream().anyMatch(r -> id.equals(r.key()))).stream()
                .filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.header(record, "ce_type")).contains("health.liaison.records.patient.registered.v1");
        assertThat(TopicProbe.header(record, "ce_specversion")).contains("1.0");
        assertThat(TopicProbe.header(record, "ce_subject")).contains(id);
        assertThat(TopicProbe.header(record, "ce_tenantid")).contains("aurora");
        assertThat(TopicProbe.header(record, "ce_locationid")).contains("aurora-miami");
        assertThat(TopicProbe.header(record, "ce_source")).contains("/liaison/chart-test-service");
        assertThat(TopicProbe.header(record, "ce_traceparent")).hasValueSatisfying(tp -> assertThat(tp).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
        PatientRegistered payload = EventJson.read(record.value(), PatientRegistered.class);
        assertThat(payload.patientId()).isEqualTo(id);
        // published events leave the document's outbox
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                mongo.getCollection("charts").find(new Document("_id", id)).first().getList("_outbox", Document.class).isEmpty());
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() {
        ApiClient.Answer answer = api().post("/api/test/v1/charts",
                "{\"locationId\":\"aurora-miami\",\"label\":\"x\",\"tenantId\":\"belmont\"}").token(aurora).send();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://liaison.health/problems/invalid-request");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("tenantId");
    }

    @Test
    void malformedBodiesWrongTypesAndMissingFieldsAre400Problems() {
        ApiClient.Answer malformed = api().post("/api/test/v1/charts", "{\"locationId\":").token(aurora).send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("type").asString()).endsWith("/malformed-body");

        ApiClient.Answer wrongType = api().post("/api/test/v1/charts", "{\"locationId\":[1],\"label\":\"x\"}").token(aurora).send();
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("locationId");

        ApiClient.Answer missing = api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\"}").token(aurora).send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("label");
    }

    @Test
    void datesFarInTheFutureOrPastAre400NamingTheField() {
        for (String when : List.of("+99999-01-01T09:00:00Z", "1970-01-01T09:00:00Z", "2199-01-01T09:00:00Z")) {
            ApiClient.Answer answer = api().post("/api/test/v1/charts",
                    "{\"locationId\":\"aurora-miami\",\"label\":\"x\",\"reviewAt\":\"" + when + "\"}").token(aurora).send();
            assertThat(answer.status()).as(when + " " + answer).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("reviewAt");
            assertThat(answer.json().get("errors").get(0).get("message").asString()).contains("2000-01-01").contains("5 years");
        }
        String nextYear = java.time.Instant.now().plus(Duration.ofDays(365)).toString();
        assertThat(api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"x\",\"reviewAt\":\"" + nextYear + "\"}")
                .token(aurora).send().status()).isEqualTo(201);
    }

    @Test
    void aWrongContentTypeIs415Problem() {
        ApiClient.Answer answer = api().post("/api/test/v1/charts", "locationId=aurora-miami")
                .header("Content-Type", "text/plain").token(aurora).send();
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void tokensAreCheckedAndProblemsSayWhatToDo() {
        assertThat(api().get("/api/test/v1/charts/x").send().status()).isEqualTo(401);
        ApiClient.Answer wrongAudience = api().get("/api/test/v1/charts/x")
                .token(TestIdentity.token().audience("another-api").sign()).send();
        assertThat(wrongAudience.status()).isEqualTo(401);
        assertThat(wrongAudience.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api().get("/api/test/v1/charts/x").token(TestIdentity.token().signedByStranger().sign()).send().status()).isEqualTo(401);
        assertThat(api().get("/api/test/v1/charts/x").token(TestIdentity.token().lifetime(Duration.ofMinutes(-5)).sign()).send().status()).isEqualTo(401);
        assertThat(api().get("/api/test/v1/charts/x").token(TestIdentity.token().issuer("http://elsewhere").sign()).send().status()).isEqualTo(401);
    }

    @Test
    void aTokenIsRefusedAFewSecondsAfterItsExpiry() {
        // Spring's default skew (60 s) would still accept a token that expired 15 s ago
        ApiClient.Answer expired = api().get("/api/test/v1/charts/x")
                .token(TestIdentity.token().lifetime(Duration.ofSeconds(-15)).sign()).send();
        assertThat(expired.status()).as(expired.toString()).isEqualTo(401);
        assertThat(api().get("/api/test/v1/charts/x").token(TestIdentity.token().lifetime(Duration.ofMinutes(1)).sign())
                .send().status()).isEqualTo(404);
    }

    @Test
    void aQueryThatIsNotPercentEncodedUtf8Is400NamingTheParameter() {
        ApiClient.Answer invalidUtf8 = api().get("/api/test/v1/charts/x?name=%ff%fe").token(aurora).send();
        assertThat(invalidUtf8.status()).as(invalidUtf8.toString()).isEqualTo(400);
        assertThat(invalidUtf8.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalidUtf8.json().get("type").asString()).endsWith("/invalid-request");
        assertThat(invalidUtf8.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(invalidUtf8.body()).doesNotContain("%ff").doesNotContain("\\u00ff");

        ApiClient.Answer truncated = api().get("/api/test/v1/charts/x?page=1&q=ab%c3%28").token(aurora).send();
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
        // also where no controller reads the query, and before the token is looked at
        assertThat(api().get("/api/test/v1/charts?x=%c3").send().status()).isEqualTo(400);
        // well-formed UTF-8 passes on
        assertThat(api().get("/api/test/v1/charts/x?name=Jos%C3%A9+Mar%C3%ADa").token(aurora).send().status()).isEqualTo(404);
    }

    @Test
    void anotherPracticeGroupSeesNothingAndCannotChangeAnything() {
        ApiClient.Answer created = api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"a\"}").token(aurora).send();
        String id = created.json().get("id").asString();
        String belmont = TestIdentity.coordinator("belmont", "belmont-chicago");

        ApiClient.Answer read = api().get("/api/test/v1/charts/" + id).token(belmont).send();
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().get("detail").asString()).doesNotContain(id);
        assertThat(read.body()).doesNotContain("aurora").doesNotContain("label");
        ApiClient.Answer write = api().put("/api/test/v1/charts/" + id, "{\"locationId\":\"aurora-miami\",\"label\":\"taken\"}")
                .header("If-Match", "\"1\"").token(belmont).send();
        assertThat(write.status()).isEqualTo(404);
        assertThat(api().get("/api/test/v1/charts/" + id).token(aurora).send().json().get("label").asString()).isEqualTo("a");
    }

    @Test
    void aStaleWriteGets412AndAWriteWithoutIfMatch428() {
        ApiClient.Answer created = api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"a\"}").token(aurora).send();
        String id = created.json().get("id").asString();
        String body = "{\"locationId\":\"aurora-miami\",\"label\":\"b\"}";
        assertThat(api().put("/api/test/v1/charts/" + id, body).header("If-Match", "\"1\"").token(aurora).send().status()).isEqualTo(200);
        ApiClient.Answer stale = api().put("/api/test/v1/charts/" + id, "{\"locationId\":\"aurora-miami\",\"label\":\"c\"}")
                .header("If-Match", "\"1\"").token(aurora).send();
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("type").asString()).endsWith("/stale-version");
        assertThat(api().put("/api/test/v1/charts/" + id, body).token(aurora).send().status()).isEqualTo(428);
        assertThat(api().get("/api/test/v1/charts/" + id).token(aurora).send().json().get("label").asString()).isEqualTo("b");
    }

    @Test
    void twentyConcurrentRetriesWithOneIdempotencyKeyCreateOneChart() throws Exception {
        String key = UUID.randomUUID().toString();
        String label = "idem-" + key;
        String body = "{\"locationId\":\"aurora-miami\",\"label\":\"" + label + "\"}";
        List<Callable<ApiClient.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> api().post("/api/test/v1/charts", body).header("Idempotency-Key", key).token(aurora).send());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<ApiClient.Answer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get().status());
            }
        }
        assertThat(statuses).isSubsetOf(201, 200, 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(mongo.getCollection("charts").countDocuments(new Document("label", label))).isEqualTo(1);

        ApiClient.Answer replay = api().post("/api/test/v1/charts", body).header("Idempotency-Key", key).token(aurora).send();
        assertThat(replay.status()).isEqualTo(200);
        ApiClient.Answer reused = api().post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"other\"}")
                .header("Idempotency-Key", key).token(aurora).send();
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("/idempotency-key-reused");
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"locationId\":\"aurora-miami\",\"label\":\"" + "x".repeat(1_100_000) + "\"}";
        ApiClient.Answer answer = api().post("/api/test/v1/charts", big).token(aurora).send();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void unknownRoutesAre404ProblemsAndOnlyTheSmallOpsSurfaceIsExposed() {
        ApiClient.Answer unknown = api().get("/api/test/v1/nothing-here").token(aurora).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api().get("/actuator/health/liveness").send().status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/readiness").send().status()).isEqualTo(200);
        assertThat(api().get("/actuator/prometheus").send().body()).contains("liaison_outbox_published_total");
        assertThat(api().get("/actuator/env").token(aurora).send().status()).isEqualTo(404);
        assertThat(api().get("/v3/api-docs").send().body()).contains("/api/test/v1/charts");
    }

    @Test
    void theRelaysWorkListIsAPartialIndexAndHandledEventsAndKeysExpire() {
        Document pending = index("charts", "outbox_pending");
        assertThat(pending).as("the relay's partial index").isNotNull();
        assertThat(pending.get("key", Document.class)).isEqualTo(new Document("_outboxLease.until", 1));
        assertThat(pending.get("partialFilterExpression", Document.class))
                .isEqualTo(new Document("_outbox.id", new Document("$exists", true)));
        assertThat(index("processed_events", "expire_processedAt").get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(index("idempotency_keys", "expire_createdAt").get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(1).toSeconds());
        // a new retention changes the index made with the old one
        String scratch = "expiring_" + UUID.randomUUID().toString().substring(0, 8);
        ExpiringIndex.ensure(mongo.getDb(), scratch, "seenAt", Duration.ofDays(1));
        ExpiringIndex.ensure(mongo.getDb(), scratch, "seenAt", Duration.ofDays(7));
        assertThat(index(scratch, "expire_seenAt").get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(7).toSeconds());
    }

    private Document index(String collection, String name) {
        for (Document index : mongo.getCollection(collection).listIndexes()) {
            if (name.equals(index.getString("name"))) {
                return index;
            }
        }
        return null;
    }
}
