package health.liaison.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records merges two charts: the merged chart's cases and the lots used in them follow the surviving one, so a recall names it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class PatientMergesIT {

    private static final List<String> COLLECTIONS = List.of("case_reservations", "case_usage");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String stockRoom = TestIdentity.token().subject("inv-1").tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @Test
    void theMergedPatientsCasesMoveToTheSurvivingChartInItsPracticeGroupOnly() {
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String merged = "pat-dup-" + run, surviving = "pat-keep-" + run;
        String filler = "FILL-M-" + run, maker = "Merz-" + run, type = "lips-m-" + run.toLowerCase();
        ApiClient.Answer item = api().put("/api/inventory/v1/items/" + filler, "{\"name\":\"" + filler + "\",\"category\":\"INJECTABLE\","
                + "\"unit\":\"each\",\"unitsPerPack\":1,\"tracking\":\"LOT\",\"expires\":true,\"manufacturer\":\"" + maker + "\"}").token(stockRoom).send();
        assertThat(item.status()).as(item.toString()).isEqualTo(200);
        ApiClient.Answer received = api().post("/api/inventory/v1/stock/receipts", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler
                + "\",\"lot\":\"L1\",\"expiresOn\":\"" + LocalDate.now().plusDays(200) + "\",\"quantity\":5}").token(stockRoom).send();
        assertThat(received.status()).as(received.toString()).isEqualTo(201);
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + filler + "\":2}}").token(stockRoom).send().status()).isEqualTo(200);
        String done = "apt-m1-" + run, coming = "apt-m2-" + run;
        publish(new AppointmentBooked(done, merged, "aurora-miami", type, "PROCEDURE", List.of("dr-1"), List.of(),
                Instant.now().plus(Duration.ofDays(5)), Instant.now().plus(Duration.ofDays(5)).plusSeconds(1800)));
        publish(new AppointmentBooked(coming, merged, "aurora-miami", type, "PROCEDURE", List.of("dr-1"), List.of(),
                Instant.now().plus(Duration.ofDays(6)), Instant.now().plus(Duration.ofDays(6)).plusSeconds(1800)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(done)) && "RESERVED".equals(caseStatus(coming)));
        publish(new AppointmentCompleted(done, merged, "aurora-miami", type, "PROCEDURE", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONSUMED".equals(caseStatus(done)));
        assertThat(affectedPatients(maker)).containsOnly(merged);
        for (String collection : COLLECTIONS) {
            mongo.getCollection(collection).insertOne(new Document("_id", "belmont-" + collection + "-" + run).append("tenantId", "belmont")
                    .append("patientId", merged).append("locationId", "belmont-chicago").append("_v", 1L));
        }

        ProducerRecord<String, byte[]> merge = mergeRecord(surviving, merged);
        send(merge);
        send(merge);
        awaitHandled(merge);

        assertThat(affectedPatients(maker)).isNotEmpty().containsOnly(surviving);
        for (String id : List.of(done, coming)) {
            assertThat(api().get("/api/inventory/v1/cases/" + id).token(stockRoom).send().json().get("patientId").asString()).isEqualTo(surviving);
        }
        assertThat(holdings(merged)).isEmpty();
        for (String collection : COLLECTIONS) {
            Document other = mongo.getCollection(collection).find(new Document("_id", "belmont-" + collection + "-" + run)).first();
            assertThat(other.getString("patientId")).as(collection).isEqualTo(merged);
            assertThat(other.get("_v", Number.class).longValue()).as(collection).isEqualTo(1L);
        }

        // the same fact announced again (a new event id, as after a lost processed record) changes nothing more
        List<Document> after = holdings(surviving);
        ProducerRecord<String, byte[]> again = mergeRecord(surviving, merged);
        send(again);
        awaitHandled(again);
        assertThat(holdings(surviving)).isEqualTo(after);
    }

    private List<String> affectedPatients(String manufacturer) {
        List<String> patients = new ArrayList<>();
        for (JsonNode use : api().get("/api/inventory/v1/recalls/affected-cases?manufacturer=" + manufacturer + "&lot=L1").token(stockRoom).send().json()) {
            patients.add(use.get("patientId").asString());
        }
        return patients;
    }

    private String caseStatus(String appointmentId) {
        ApiClient.Answer answer = api().get("/api/inventory/v1/cases/" + appointmentId).token(stockRoom).send();
        return answer.status() == 200 ? answer.json().get("status").asString() : null;
    }

    private List<Document> holdings(String patient) {
        List<Document> docs = new ArrayList<>();
        for (String collection : COLLECTIONS) {
            docs.addAll(mongo.find(Query.query(Criteria.where("tenantId").is("aurora").and("patientId").is(patient)), Document.class, collection));
        }
        return docs;
    }

    private static void publish(DomainEvent event) {
        send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami", event));
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
                .countDocuments(new Document("_id", "inventory-patient-merges|" + id)) > 0);
    }
}
