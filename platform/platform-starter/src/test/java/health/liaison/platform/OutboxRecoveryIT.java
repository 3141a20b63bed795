package health.liaison.platform;

import health.liaison.platform.events.Topics;
import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.InProcessInfrastructure;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox loses nothing: events saved by a service that dies before publishing are published after it
 * restarts, and events saved while the broker is unreachable are published when it returns.
 */
@RealInfrastructure
class OutboxRecoveryIT {

    final String token = TestIdentity.coordinator("aurora", "aurora-miami");

    @Test
    void aServiceThatDiesAfterSavingAndBeforePublishingPublishesAfterRestart() {
        Infrastructure infrastructure = TestInfrastructure.get();
        String database = "liaison_crash_" + UUID.randomUUID().toString().substring(0, 8);
        String id;
        try (ConfigurableApplicationContext dying = start(infrastructure, database, "--liaison.outbox.enabled=false")) {
            ApiClient.Answer created = api(dying).post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"c\"}").token(token).send();
            assertThat(created.status()).isEqualTo(201);
            id = created.json().get("id").asString();
            Document saved = dying.getBean(MongoTemplate.class).getCollection("charts").find(new Document("_id", id)).first();
            assertThat(saved.getList("_outbox", Document.class)).as("saved with its event, not yet published").hasSize(1);
        }
        try (ConfigurableApplicationContext restarted = start(infrastructure, database)) {
            TopicProbe.of(infrastructure).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(60),
                    list -> list.stream().anyMatch(r -> id.equals(r.key())));
            MongoTemplate mongo = restarted.getBean(MongoTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    mongo.getCollection("charts").find(new Document("_id", id)).first().getList("_outbox", Document.class).isEmpty());
        }
    }

    @Test
    void eventsSavedWhileTheBrokerIsUnreachableArePublishedWhenItReturns() {
        // short producer timeouts, so the outage outlasts the producer's own retries and the relay's failure path runs
        try (InProcessInfrastructure ownBroker = InProcessInfrastructure.onFreePorts();
             ConfigurableApplicationContext service = start(ownBroker, "liaison_outage",
                     "--spring.kafka.producer.properties.max.block.ms=1000",
                     "--spring.kafka.producer.properties.request.timeout.ms=1000",
                     "--spring.kafka.producer.properties.delivery.timeout.ms=2000",
                     "--liaison.outbox.send-timeout=3s")) {
            TopicProbe probe = TopicProbe.of(ownBroker);
            String before = create(service);
            probe.readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(60), list -> list.stream().anyMatch(r -> before.equals(r.key())));

            ownBroker.stopKafka();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                during.add(create(service));
            }
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("liaison.outbox.failures").count() >= 2);
            MongoTemplate mongo = service.getBean(MongoTemplate.class);
            long waiting = during.stream().filter(id -> !mongo.getCollection("charts").find(new Document("_id", id)).first()
                    .getList("_outbox", Document.class).isEmpty()).count();
            assertThat(waiting).as("events still stored while Kafka is unreachable").isEqualTo(during.size());
            ownBroker.startKafka();

            probe.readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(120), list -> {
                Set<String> keys = list.stream().map(r -> r.key()).collect(Collectors.toCollection(HashSet::new));
                return keys.containsAll(during);
            });
        }
    }

    private String create(ConfigurableApplicationContext service) {
        ApiClient.Answer created = api(service).post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"o\"}").token(token).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return ApiClient.onPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static ConfigurableApplicationContext start(Infrastructure infrastructure, String database, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.mongodb.uri=" + infrastructure.mongoConnectionString(),
                "--spring.mongodb.database=" + database,
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=outbox-recovery-" + UUID.randomUUID(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentity.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIdentity.jwkSetUri()));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ChartTestApplication.class).run(args.toArray(String[]::new));
    }
}
