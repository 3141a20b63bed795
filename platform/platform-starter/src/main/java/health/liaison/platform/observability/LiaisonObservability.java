package health.liaison.platform.observability;

import health.liaison.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;

/**
 * The metrics the alerts read (k8s/components/monitoring/alerts.yaml): outbox backlog and age, consumer lag and
 * members per group and topic, timed jobs' last runs, dead letters (counted by DeadLetters). None carries a tag with
 * patient data: services, groups, topics, job names and outcomes only.
 */
@Configuration(proxyBeanMethods = false)
public class LiaisonObservability {

    /** Replaces Spring Boot's {@code mongo} health contributor (same name, so {@code /actuator/health} shows "mongo"). */
    @Bean(name = "mongoHealthContributor")
    MongoPing mongoHealthContributor(MongoTemplate mongo) {
        return new MongoPing(mongo);
    }

    @Bean
    JobHeartbeats jobHeartbeats(MeterRegistry meters, Clock clock) {
        return new JobHeartbeats(meters, clock);
    }

    @Bean
    OutboxGauges outboxGauges(MongoTemplate mongo, OutboxRelay relay, Clock clock, MeterRegistry meters,
                              @Value("${liaison.outbox.gauges-refresh:10s}") Duration refresh) {
        return new OutboxGauges(mongo, relay, clock, refresh, meters);
    }

    @Bean
    ConsumerLag consumerLag(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners, MeterRegistry meters,
                            @Value("${liaison.kafka.lag-interval:30s}") Duration interval) {
        return new ConsumerLag(() -> Admin.create(kafkaAdmin.getConfigurationProperties()), listeners, meters, interval);
    }

    /**
     * The Kafka client registers its per-topic metrics twice, once under the topic's name and once with its dots
     * turned into underscores ({@code billing_claim_v1}); the second copy is dropped, and so are the client's
     * records-lag/lead gauges (NaN until a fetch, per client): {@code liaison.kafka.consumer.lag} replaces them.
     */
    @Bean
    MeterFilter liaisonKafkaClientMetrics() {
        return MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && ((id.getTag("topic") != null && !id.getTag("topic").contains("."))
                || id.getName().contains(".records.lag") || id.getName().contains(".records.lead")));
    }
}
