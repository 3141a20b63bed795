package health.liaison.scheduling.booking;

import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records merges two charts: the merged chart's appointments, waitlist entries and surgery cases follow the surviving one. */
class PatientMergesIT extends SchedulingTestBase {

    private static final List<String> COLLECTIONS = List.of("appointments", "waitlist", "surgery_cases");

    @Test
    void theMergedPatientsSchedulingMovesToTheSurvivingChartInItsPracticeGroupOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String merged = "pat-dup-" + run;
        String surviving = "pat-keep-" + run;
        define("consult-m-" + run, "CONSULTATION", 60, 0, 0);
        registered("aurora-miami", List.of("dr-m-" + run), List.of());
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(43)).plus(Duration.ofHours(15));
        String mergedVisit = book(merged, "consult-m-" + run, "dr-m-" + run, start);
        String survivorVisit = book(surviving, "consult-m-" + run, "dr-m-" + run, start.plus(Duration.ofHours(2)));
        ApiClient.Answer joined = api().post("/api/scheduling/v1/waitlist", "{\"patientId\":\"" + merged + "\",\"appointmentTypeId\":\"consult-m-"
                + run + "\",\"locationIds\":[\"aurora-miami\"],\"from\":\"" + LocalDate.now().plusDays(1) + "\",\"to\":\""
                + LocalDate.now().plusDays(30) + "\"}").token(coordinator).send();
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String entry = joined.json().get("id").asString();
        // a surgery case of the merged chart, and another practice group's documents under the same patient id
        mongo.getCollection("surgery_cases").insertOne(new Document("_id", "case-" + run).append("tenantId", "aurora")
                .append("patientId", merged).append("locationId", "aurora-miami").append("_v", 1L));
        for (String collection : COLLECTIONS) {
            mongo.getCollection(collection).insertOne(new Document("_id", "belmont-" + collection + "-" + run).append("tenantId", "belmont")
                    .append("patientId", merged).append("locationId", "belmont-main").append("_v", 1L));
        }

        ProducerRecord<String, byte[]> merge = mergeRecord(surviving, merged);
        send(merge);
        send(merge);
        awaitHandled(merge);

        assertThat(patientOf(mergedVisit)).isEqualTo(surviving);
        assertThat(patientOf(survivorVisit)).isEqualTo(surviving);
        assertThat(api().get("/api/scheduling/v1/waitlist?locationId=aurora-miami&size=200").token(coordinator).send().json().get("items").values().stream()
                .filter(e -> e.get("id").asString().equals(entry)).map(e -> e.get("patientId").asString()).toList())
                .containsExactly(surviving);
        assertThat(mongo.getCollection("surgery_cases").find(new Document("_id", "case-" + run)).first().getString("patientId"))
                .isEqualTo(surviving);
        assertThat(holdings("aurora", merged)).isEmpty();
        for (String collection : COLLECTIONS) {
            Document other = mongo.getCollection(collection).find(new Document("_id", "belmont-" + collection + "-" + run)).first();
            assertThat(other.getString("patientId")).as(collection).isEqualTo(merged);
            assertThat(other.get("_v", Number.class).longValue()).as(collection).isEqualTo(1L);
        }

        // the same fact announced again (a new event id, as after a lost processed record) changes nothing more
        List<Document> after = holdings("aurora", surviving);
        ProducerRecord<String, byte[]> again = mergeRecord(surviving, merged);
        send(again);
        awaitHandled(again);
        assertThat(holdings("aurora", surviving)).isEqualTo(after);
    }

    private String book(String patient, String type, String provider, Instant start) {
        ApiClient.Answer booked = api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"" + patient + "\",\"locationId\":"
                + "\"aurora-miami\",\"appointmentTypeId\":\"" + type + "\",\"providerIds\":[\"" + provider + "\"],\"start\":\""
                + start + "\"}").token(coordinator).send();
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().get("id").asString();
    }

    private String patientOf(String appointmentId) {
        return api().get("/api/scheduling/v1/appointments/" + appointmentId).token(coordinator).send().json().get("patientId").asString();
    }

    private List<Document> holdings(String tenant, String patient) {
        List<Document> docs = new ArrayList<>();
        for (String collection : COLLECTIONS) {
            docs.addAll(mongo.find(Query.query(Criteria.where("tenantId").is(tenant).and("patientId").is(patient)), Document.class, collection));
        }
        return docs;
    }

    private static ProducerRecord<String, byte[]> mergeRecord(String surviving, String merged) {
        return CloudEventRecords.of("/liaison/patient-records-service", "aurora", "aurora-miami",
                new PatientsMerged(surviving, merged, "aurora-miami", Instant.now()));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        TopicProbe.of(TestInfrastructure.get()).send(record);
    }

    private void awaitHandled(ProducerRecord<String, byte[]> record) {
        String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getCollection(EventInbox.PROCESSED_COLLECTION)
                .countDocuments(new Document("_id", "scheduling-patient-merges|" + id)) > 0);
    }
}
