package health.liaison.platform.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service defaults every Liaison service shares, at the lowest precedence: a service's application.yml,
 * environment variables and command-line arguments override any of them.
 */
public class LiaisonDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // runtime
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("server.shutdown", "graceful");
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        // ops surface: health (liveness/readiness groups), info, prometheus only
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // components (mongo, diskSpace, ssl, ...) and their details to operators only: a token with role ADMIN or
        // OPERATOR; everyone else (probes, the load balancer) sees the status alone
        defaults.put("management.endpoint.health.show-details", "when-authorized");
        defaults.put("management.endpoint.health.show-components", "when-authorized");
        defaults.put("management.endpoint.health.roles", "ADMIN,OPERATOR");
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("management.tracing.propagation.type", "w3c");
        defaults.put("management.metrics.tags.service", "${spring.application.name}");
        defaults.put("logging.structured.format.console", "${LIAISON_LOG_FORMAT:ecs}");
        // HTTP API: unknown fields are rejected, not ignored
        defaults.put("spring.jackson.deserialization.fail-on-unknown-properties", "true");
        defaults.put("spring.jackson.deserialization.fail-on-null-for-primitives", "true");
        defaults.put("spring.jackson.deserialization.fail-on-trailing-tokens", "true");
        defaults.put("spring.jackson.deserialization.fail-on-reading-dup-tree-key", "true");
        // local stack by default; environment variables point elsewhere
        defaults.put("spring.mongodb.uri", "mongodb://localhost:27017");
        defaults.put("spring.kafka.bootstrap-servers", "localhost:9092");
        defaults.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", "http://localhost:9000");
        defaults.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://localhost:9000/oauth2/jwks");
        defaults.put("spring.security.oauth2.resourceserver.jwt.audiences", "${LIAISON_SECURITY_AUDIENCE:liaison-api}");
        // events: CloudEvents binary mode (String key, JSON bytes), idempotent producer, traced
        defaults.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
        defaults.put("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
        defaults.put("spring.kafka.producer.properties.max.block.ms", "10000");
        defaults.put("spring.kafka.producer.properties.request.timeout.ms", "10000");
        defaults.put("spring.kafka.producer.properties.delivery.timeout.ms", "25000");
        defaults.put("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        defaults.put("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        defaults.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        defaults.put("spring.kafka.template.observation-enabled", "true");
        defaults.put("spring.kafka.listener.observation-enabled", "true");
        defaults.put("spring.kafka.admin.fail-fast", "false");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        defaults.put("info.service.name", "${spring.application.name}");
        DefaultPropertiesPropertySource.addOrMerge(defaults, environment.getPropertySources());
    }
}
