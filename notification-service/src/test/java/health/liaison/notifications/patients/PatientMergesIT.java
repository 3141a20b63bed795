package health.liaison.notifications.patients;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records merges two charts: the merged chart's messages, sent and waiting, and its preferences follow the surviving one. */
class PatientMergesIT extends ServiceUnderTest {

    private static final List<String> COLLECTIONS = List.of("messages", "inbound_texts", "preferences");

    @Autowired
    MongoTemplate mongo;

    @Test
    void theMergedPatientsMessagesAndPreferencesMoveToTheSurvivingChartInItsPracticeGroupOnly() {
        goToNextMorning();
        String merged = unique("pat-dup"), surviving = unique("pat-keep");
        TestProviders.patientInRecords(merged, "Ana", merged + "@example.com", null, "en");
        TestProviders.patientInRecords(surviving, "Ana", surviving + "@example.com", null, "en");
        knownPatient(merged);
        knownPatient(surviving);
        String appointment = unique("apt");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, merged, "aurora-miami", "consultation", start);
        String confirmation = "confirm-" + appointment + "-" + start.getEpochSecond() + "-EMAIL";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(merged, confirmation).equals("SENT"));
        List<String> mergedMessages = messagesOf(merged).stream().map(m -> m.get("id").asString()).toList();
        assertThat(messagesOf(merged).stream().map(m -> m.get("status").asString())).contains("SENT", "QUEUED");
        // the merged chart chose marketing e-mail; the surviving patient's own choice (no SMS) wins over it
        choose(merged, "{\"locationId\":\"aurora-miami\",\"email\":{\"care\":true,\"marketing\":true},\"sms\":{\"care\":true,\"marketing\":false}}");
        choose(surviving, "{\"locationId\":\"aurora-miami\",\"email\":{\"care\":true,\"marketing\":false},\"sms\":{\"care\":false,\"marketing\":false}}");
        for (String collection : List.of("messages", "inbound_texts")) {
            mongo.getCollection(collection).insertOne(new Document("_id", "belmont-" + collection + "-" + merged).append("tenantId", "belmont")
                    .append("patientId", merged).append("locationId", "belmont-chicago").append("_v", 1L));
        }

        ProducerRecord<String, byte[]> merge = mergeRecord(surviving, merged);
        send(merge);
        send(merge);
        awaitHandled(merge);

        assertThat(messagesOf(surviving).stream().map(m -> m.get("id").asString())).containsExactlyInAnyOrderElementsOf(mergedMessages);
        assertThat(messagesOf(merged)).isEmpty();
        assertThat(statusOf(surviving, confirmation)).isEqualTo("SENT");
        JsonNode kept = api().get("/api/notifications/v1/patients/" + surviving + "/preferences").token(coordinator()).send().json();
        assertThat(kept.get("email").get("marketing").asBoolean()).isFalse();
        assertThat(kept.get("sms").get("care").asBoolean()).isFalse();
        assertThat(mongo.getCollection("preferences").countDocuments(new Document("_id", "aurora|" + merged))).isZero();
        for (String collection : List.of("messages", "inbound_texts")) {
            Document other = mongo.getCollection(collection).find(new Document("_id", "belmont-" + collection + "-" + merged)).first();
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

    @Test
    void withoutPreferencesOfItsOwnTheSurvivingChartTakesTheMergedChartsChoices() {
        String merged = unique("pat-dup"), surviving = unique("pat-keep");
        knownPatient(merged);
        knownPatient(surviving);
        choose(merged, "{\"locationId\":\"aurora-miami\",\"email\":{\"care\":false,\"marketing\":false},\"sms\":{\"care\":true,\"marketing\":false}}");
        ProducerRecord<String, byte[]> merge = mergeRecord(surviving, merged);
        send(merge);
        awaitHandled(merge);
        JsonNode carried = api().get("/api/notifications/v1/patients/" + surviving + "/preferences").token(coordinator()).send().json();
        assertThat(carried.get("patientId").asString()).isEqualTo(surviving);
        assertThat(carried.get("email").get("care").asBoolean()).isFalse();
        assertThat(mongo.getCollection("preferences").countDocuments(new Document("_id", "aurora|" + merged))).isZero();
    }

    private void choose(String patient, String body) {
        String path = "/api/notifications/v1/patients/" + patient + "/preferences";
        String etag = api().get(path).token(coordinator()).send().header("ETag");
        ApiClient.Answer changed = api().put(path, body).token(coordinator()).header("If-Match", etag).send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    private List<Document> holdings(String patient) {
        List<Document> docs = new ArrayList<>();
        for (String collection : COLLECTIONS) {
            docs.addAll(mongo.find(Query.query(Criteria.where("tenantId").is("aurora").and("patientId").is(patient)), Document.class, collection));
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
                .countDocuments(new Document("_id", "notifications-patient-merges|" + id)) > 0);
    }
}
