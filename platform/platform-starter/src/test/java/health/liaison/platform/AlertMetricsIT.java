package health.liaison.platform;

import health.liaison.platform.events.Topics;
import health.liaison.platform.observability.ConsumerLag;
import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.AlertMetrics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the production alerts labelled {@code exposed_by: platform} read is exposed by a real service built on
 * the starter, at {@code /actuator/prometheus}, once the service has done what the metric counts (published, dead-
 * lettered, consumed); and no label of Liaison's metrics carries the patient id the request used.
 */
@SpringBootTest(classes = ChartTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class AlertMetricsIT {

    @LocalServerPort
    int port;

    @Autowired
    ConsumerLag consumerLag;

    @Test
    void everyPlatformMetricTheAlertsReadIsExposedWithoutPatientData() {
        Set<String> wanted = AlertMetrics.exposedBy("platform");
        assertThat(wanted).as("metrics of the platform's alerts").contains("liaison_outbox_oldest_age_seconds",
                "liaison_events_dead_lettered_total", "liaison_kafka_consumer_lag", "liaison_kafka_consumer_members");
        ApiClient api = ApiClient.onPort(port);
        ApiClient.Answer created = api.post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"c\"}")
                .token(TestIdentity.coordinator("aurora", "aurora-miami")).send();
        assertThat(created.status()).isEqualTo(201);
        String patient = created.json().get("id").asString();
        TopicProbe.of(TestInfrastructure.get()).send(new ProducerRecord<>(Topics.RECORDS_PATIENT, "chart-" + UUID.randomUUID(),
                "not a cloud event".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            consumerLag.measure();
            String exposition = api.get("/actuator/prometheus").send().body();
            assertThat(AlertMetrics.seriesIn(exposition)).containsAll(wanted).contains("liaison_events_published_total");
        });
        String exposition = api.get("/actuator/prometheus").send().body();
        assertThat(exposition).contains("liaison_kafka_consumer_lag{group=\"chart-test-counter\"")
                .contains("topic=\"records.patient.v1\"")
                .doesNotContain("records_patient_v1")
                .doesNotContain(patient);
        assertThat(exposition.lines().filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag")))
                .as("the Kafka client's NaN-prone lag gauges, replaced by liaison_kafka_consumer_lag").isEmpty();
    }
}
