package health.liaison.platform;

import health.liaison.platform.events.Topics;
import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.InProcessInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka as production runs it: a broker that authenticates every client (SASL SCRAM-SHA-512) and authorizes it by
 * ACLs (StandardAuthorizer, nothing allowed without one). The service gets its own user, allowed exactly what its
 * code does (as deploy-checks derives for each KafkaUser): Write/Describe on the topic it publishes and on the
 * dead-letter twin of the topic it reads, Read/Describe on the topic it reads, Read on its consumer group. It is
 * configured with the same {@code spring.kafka.*} settings the prod overlay's ConfigMap gives the services
 * (k8s/components/kafka-security). It publishes through its outbox and consumes its own event with those
 * credentials, and is refused another service's topic, for writing and for reading.
 */
class KafkaCredentialsIT {

    static final String SERVICE = "chart-test-service";
    static final String PASSWORD = "scram-" + UUID.randomUUID();
    static final String GROUP = "chart-test-counter";

    static InProcessInfrastructure infrastructure;
    static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws Exception {
        infrastructure = InProcessInfrastructure.onFreePortsWithScramAndAcls();
        try (Admin admin = Admin.create(infrastructure.kafkaAdminProperties())) {
            admin.createTopics(List.of(Topics.RECORDS_PATIENT, Topics.deadLetterOf(Topics.RECORDS_PATIENT), Topics.SCHEDULING_APPOINTMENT,
                            Topics.BILLING_INVOICE).stream().map(t -> new NewTopic(t, 3, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            infrastructure.addScramUser(SERVICE, PASSWORD);
            List<AclBinding> acls = new ArrayList<>();
            for (String written : List.of(Topics.RECORDS_PATIENT, Topics.deadLetterOf(Topics.RECORDS_PATIENT))) {
                acls.add(allow(ResourceType.TOPIC, written, AclOperation.WRITE));
                acls.add(allow(ResourceType.TOPIC, written, AclOperation.DESCRIBE));
            }
            acls.add(allow(ResourceType.TOPIC, Topics.RECORDS_PATIENT, AclOperation.READ));
            acls.add(allow(ResourceType.GROUP, GROUP, AclOperation.READ));
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        service = new SpringApplicationBuilder(ChartTestApplication.class).run(
                "--server.port=0",
                "--spring.mongodb.uri=" + infrastructure.mongoConnectionString(),
                "--spring.mongodb.database=liaison_kafka_credentials",
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                // the prod overlay's settings (SASL_SSL there: the same exchange inside TLS)
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "--spring.kafka.properties.sasl.jaas.config=" + InProcessInfrastructure.scramLogin(SERVICE, PASSWORD),
                "--spring.kafka.admin.auto-create=false",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentity.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIdentity.jwkSetUri());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void theServicePublishesThroughItsOutboxAndConsumesWithItsOwnCredentials() {
        ApiClient api = ApiClient.onPort(((WebServerApplicationContext) service).getWebServer().getPort());
        ApiClient.Answer created = api.post("/api/test/v1/charts", "{\"locationId\":\"aurora-miami\",\"label\":\"c\"}")
                .token(TestIdentity.coordinator("aurora", "aurora-miami")).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String patient = created.json().get("id").asString();

        // published by the relay as chart-test-service, read back by its own consumer group as chart-test-service
        MongoTemplate mongo = service.getBean(MongoTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                mongo.getCollection("registration_counts").countDocuments(new Document("_id", patient)) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                mongo.getCollection("charts").find(new Document("_id", patient)).first().getList("_outbox", Document.class).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceIsRefusedWritingAnotherServicesTopic() {
        KafkaTemplate<String, byte[]> template = service.getBean(KafkaTemplate.class);
        assertThatThrownBy(() -> template.send(Topics.SCHEDULING_APPOINTMENT, "k", "{}".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS))
                .rootCause().isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(Topics.SCHEDULING_APPOINTMENT);
    }

    @Test
    void theServicesCredentialsAreRefusedReadingAnotherServicesTopic() {
        Map<String, Object> properties = new HashMap<>(clientProperties(PASSWORD));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.BILLING_INVOICE));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.BILLING_INVOICE);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(clientProperties("not-" + PASSWORD))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .rootCause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static Map<String, Object> clientProperties(String password) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, InProcessInfrastructure.scramLogin(SERVICE, password));
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + SERVICE, "*", operation, AclPermissionType.ALLOW));
    }
}
