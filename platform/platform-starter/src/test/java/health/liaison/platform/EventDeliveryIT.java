package health.liaison.platform;

import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.EventJson;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.outbox.PendingEvent;
import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consuming: a redelivered event changes nothing; a poison message goes to the dead-letter topic and the partition flows on. */
@SpringBootTest(classes = ChartTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class EventDeliveryIT {

    @Autowired
    MongoTemplate mongo;

    TopicProbe probe = TopicProbe.of(TestInfrastructure.get());

    @Test
    void theSameEventDeliveredTwiceHasItsSideEffectOnce() {
        String key = "chart-" + UUID.randomUUID();
        String patient = "pat-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> event = registered(UUID.randomUUID().toString(), key, patient, "aurora-miami");
        probe.send(event);
        probe.send(registered(event.headers().lastHeader("ce_id") == null ? null : new String(event.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8), key, patient, "aurora-miami"));
        // a later event on the same partition: once it is handled, both copies before it have been too
        String sentinel = "pat-" + UUID.randomUUID();
        probe.send(registered(UUID.randomUUID().toString(), key, sentinel, "aurora-miami"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(sentinel) == 1);
        assertThat(count(patient)).isEqualTo(1);
        assertThat(mongo.getCollection("registration_counts").find(new Document("_id", patient)).first().getString("tenantId"))
                .isEqualTo("aurora");
    }

    @Test
    void aPoisonMessageLandsInTheDeadLetterTopicAndLaterMessagesStillFlow() {
        String key = "chart-" + UUID.randomUUID();
        probe.send(new ProducerRecord<>(Topics.RECORDS_PATIENT, key, "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        String after = "pat-" + UUID.randomUUID();
        probe.send(registered(UUID.randomUUID().toString(), key, after, "aurora-miami"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(after) == 1);
        ConsumerRecord<String, byte[]> dead = probe.readUntil(Topics.deadLetterOf(Topics.RECORDS_PATIENT), Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> key.equals(r.key()))).stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
        assertThat(TopicProbe.header(dead, "kafka_dlt-exception-message")).hasValueSatisfying(m -> assertThat(m).contains("is not a CloudEvent"));
        assertThat(TopicProbe.header(dead, "kafka_dlt-original-topic")).contains(Topics.RECORDS_PATIENT);
    }

    @Test
    void aHandlerThatKeepsFailingIsRetriedThenDeadLetteredWithoutBlockingThePartition() {
        String key = "chart-" + UUID.randomUUID();
        String failing = "pat-" + UUID.randomUUID();
        probe.send(registered(UUID.randomUUID().toString(), key, failing, "poison-in-handler"));
        String after = "pat-" + UUID.randomUUID();
        probe.send(registered(UUID.randomUUID().toString(), key, after, "aurora-miami"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(after) == 1);
        ConsumerRecord<String, byte[]> dead = probe.readUntil(Topics.deadLetterOf(Topics.RECORDS_PATIENT), Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> key.equals(r.key()))).stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.header(dead, "kafka_dlt-exception-message")).hasValueSatisfying(m -> assertThat(m).contains("handler refuses this clinic"));
        assertThat(count(failing)).isZero();
    }

    private long count(String patientId) {
        Document doc = mongo.getCollection("registration_counts").find(new Document("_id", patientId)).first();
        return doc == null ? 0 : doc.getInteger("count");
    }

    static ProducerRecord<String, byte[]> registered(String eventId, String key, String patientId, String location) {
        PatientRegistered payload = new PatientRegistered(patientId, location, Instant.now());
        return CloudEventRecords.toRecord(new PendingEvent(eventId, EventCatalog.typeNameOf(PatientRegistered.class),
                Topics.RECORDS_PATIENT, key, "/liaison/test", "aurora", location, Instant.now(), null,
                new String(EventJson.write(payload), StandardCharsets.UTF_8)));
    }
}
