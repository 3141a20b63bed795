package health.liaison.systemtests;

import health.liaison.notifications.NotificationsApplication;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.RecordsApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Across services, over real Kafka and MongoDB: registering a patient in records publishes PatientRegistered
 * (ids only), and the notification service queues exactly one welcome message for that patient — also when the
 * event is delivered twice.
 */
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class WalkingSkeletonIT {

    static RunningService records;
    static RunningService notifications;
    static Infrastructure infrastructure;
    final String coordinator = TestIdentity.coordinator("aurora", "aurora-miami");

    @BeforeAll
    static void startServices() {
        infrastructure = TestInfrastructure.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        records = RunningService.start(RecordsApplication.class, "patient-records-service", "skeleton_records_" + run, infrastructure);
        notifications = RunningService.start(NotificationsApplication.class, "notification-service", "skeleton_notifications_" + run,
                infrastructure, "--spring.kafka.consumer.group-id=skeleton-" + run);
    }

    @AfterAll
    static void stopServices() {
        notifications.close();
        records.close();
    }

    @Test
    void aRegisteredPatientGetsExactlyOneWelcomeMessageEvenWhenTheEventIsDeliveredTwice(CapturedOutput output) {
        String patientId = register("Ana", "Lima", "ana.lima@example.com");

        ConsumerRecord<String, byte[]> event = TopicProbe.of(infrastructure).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> patientId.equals(r.key()))).stream()
                .filter(r -> patientId.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.header(event, "ce_type")).contains("health.liaison.records.patient.registered.v1");
        String payload = new String(event.value(), StandardCharsets.UTF_8);
        JsonNode json = ApiClient.json().readTree(payload);
        List<String> fields = new ArrayList<>(json.propertyNames());
        assertThat(fields).containsExactlyInAnyOrder("patientId", "locationId", "registeredAt");
        assertThat(payload).doesNotContain("Ana").doesNotContain("Lima").doesNotContain("example.com");

        await().atMost(Duration.ofSeconds(30)).until(() -> welcomes(patientId) == 1);

        // the same event (same CloudEvents id) delivered again, then a later registration as a marker
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(event.topic(), event.key(), event.value());
        event.headers().forEach(h -> again.headers().add(h));
        TopicProbe.of(infrastructure).send(again);
        String later = register("Bea", "Costa", "bea.costa@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> welcomes(later) == 1);

        ApiClient.Answer messages = notifications.api().get("/api/notifications/v1/patients/" + patientId + "/messages").token(coordinator).send();
        assertThat(messages.status()).isEqualTo(200);
        assertThat(messages.json().get("items").size()).isEqualTo(1);
        assertThat(messages.json().get("totalItems").asLong()).isEqualTo(1);
        assertThat(messages.json().get("items").get(0).get("kind").asString()).isEqualTo("WELCOME");
        assertThat(messages.json().get("items").get(0).get("sourceEventId").asString()).isEqualTo(TopicProbe.header(event, "ce_id").orElseThrow());

        // the services log structured JSON with the trace id, and no patient data
        String traceId = TopicProbe.header(event, "ce_traceparent").orElseThrow().split("-")[1];
        assertThat(output.getAll().lines().filter(line -> line.contains(patientId) && line.startsWith("{")))
                .anySatisfy(line -> assertThat(line).contains("\"traceId\":\"" + traceId + "\""));
        assertThat(output.getAll()).doesNotContain("Lima").doesNotContain("ana.lima@example.com").doesNotContain("1988-04-12");
    }

    @Test
    void eachServiceReadsItsOwnConfigurationOnTheSharedClasspath() {
        org.springframework.core.env.Environment notificationsConfig = notifications.bean(org.springframework.core.env.Environment.class);
        org.springframework.core.env.Environment recordsConfig = records.bean(org.springframework.core.env.Environment.class);
        assertThat(notificationsConfig.getProperty("liaison.notifications.contact-key")).isNotBlank();
        assertThat(recordsConfig.getProperty("liaison.notifications.contact-key")).isNull();
    }

    @Test
    void anotherPracticeGroupSeesNeitherThePatientNorItsMessages() {
        String patientId = register("Cy", "Dias", "cy.dias@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> welcomes(patientId) == 1);
        String belmont = TestIdentity.coordinator("belmont", "belmont-chicago");

        assertThat(records.api().get("/api/records/v1/patients/" + patientId).token(belmont).send().status()).isEqualTo(404);
        ApiClient.Answer messages = notifications.api().get("/api/notifications/v1/patients/" + patientId + "/messages").token(belmont).send();
        // another group's patient is as unknown as one nobody has
        assertThat(messages.status()).isEqualTo(404);
    }

    private String register(String first, String last, String email) {
        ApiClient.Answer created = records.api().post("/api/records/v1/patients", """
                {"locationId":"aurora-miami","firstName":"%s","lastName":"%s","dateOfBirth":"1988-04-12",
                 "email":"%s","phone":"+13055550123","preferredLanguage":"es"}""".formatted(first, last, email))
                .token(coordinator).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private int welcomes(String patientId) {
        ApiClient.Answer answer = notifications.api().get("/api/notifications/v1/patients/" + patientId + "/messages").token(coordinator).send();
        return answer.status() == 200 ? answer.json().get("items").size() : -1;
    }
}
