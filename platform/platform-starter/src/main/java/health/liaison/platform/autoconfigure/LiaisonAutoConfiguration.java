package health.liaison.platform.autoconfigure;

import health.liaison.platform.events.Topics;
import health.liaison.platform.messaging.DeadLetters;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.observability.LiaisonObservability;
import health.liaison.platform.outbox.EventStamper;
import health.liaison.platform.outbox.OutboxProperties;
import health.liaison.platform.outbox.OutboxRelay;
import health.liaison.platform.security.ServiceSecurity;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.ApiDocumentation;
import health.liaison.platform.validation.TimeBounds;
import health.liaison.platform.web.BodySizeLimit;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.platform.web.ProblemResponses;
import health.liaison.platform.web.QueryEncodingCheck;
import health.liaison.platform.web.ShutdownDrain;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/** The service defaults: one dependency wires outbox, idempotent consumers, security, errors and topics. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"},
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@EnableConfigurationProperties(OutboxProperties.class)
@Import({ServiceSecurity.class, LiaisonObservability.class})
public class LiaisonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Title, version, the bearer scheme and the problem+json responses of every service's OpenAPI document. */
    @Bean
    ApiDocumentation apiDocumentation(Environment environment) {
        return new ApiDocumentation(environment);
    }

    /** Dates and instants given to the API: from 2000-01-01 to 5 years ahead unless configured otherwise. */
    @Bean
    @ConditionalOnMissingBean
    TimeBounds timeBounds(@Value("${liaison.validation.earliest:2000-01-01}") String earliest,
                          @Value("${liaison.validation.horizon:P5Y}") String horizon, Clock clock) {
        return new TimeBounds(LocalDate.parse(earliest), Period.parse(horizon), clock);
    }

    @Bean
    EventStamper eventStamper(@Value("${spring.application.name}") String serviceName, Clock clock,
                              ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventStamper(serviceName, clock, tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    @SuppressWarnings("unchecked")
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<?, ?> kafka, OutboxProperties properties, Clock clock,
                            ObjectProvider<MeterRegistry> meters, ObjectProvider<Tracer> tracer,
                            ObjectProvider<Propagator> propagator) {
        return new OutboxRelay(mongo, (KafkaTemplate<String, byte[]>) kafka, properties, clock,
                meters.getIfAvailable(SimpleMeterRegistry::new), tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    TenantStores tenantStores(MongoTemplate mongo, EventStamper stamper, OutboxRelay relay) {
        return new TenantStores(mongo, stamper, relay);
    }

    @Bean
    EventInbox eventInbox(MongoTemplate mongo, Clock clock, ObjectProvider<MeterRegistry> meters,
                          @Value("${liaison.events.processed-retention:30d}") Duration retention) {
        return new EventInbox(mongo, clock, meters.getIfAvailable(SimpleMeterRegistry::new), retention);
    }

    @Bean
    IdempotentRequests idempotentRequests(MongoTemplate mongo, Clock clock,
                                          @Value("${liaison.idempotency.retention:1d}") Duration retention) {
        return new IdempotentRequests(mongo, clock, retention);
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    CommonErrorHandler liaisonKafkaErrorHandler(KafkaTemplate<?, ?> kafka,
                                                @Value("${liaison.events.retry.initial-interval:200ms}") Duration initialInterval,
                                                @Value("${liaison.events.retry.max-attempts:4}") int maxAttempts,
                                                ObjectProvider<MeterRegistry> meters) {
        return DeadLetters.errorHandler(kafka, initialInterval, maxAttempts, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Declares every topic and its dead-letter twin; in Kubernetes, Strimzi KafkaTopics own them. */
    @Bean
    KafkaAdmin.NewTopics liaisonTopics(@Value("${liaison.events.partitions:3}") int partitions) {
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                .map(topic -> new NewTopic(topic, Optional.of(partitions), Optional.empty()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> liaisonBodySizeLimit(@Value("${liaison.http.max-body-size:1MB}") DataSize max) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(max.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** A query string that is not percent-encoded UTF-8 is a 400 naming the parameter, on every endpoint. */
    @Bean
    FilterRegistrationBean<QueryEncodingCheck> liaisonQueryEncodingCheck() {
        FilterRegistrationBean<QueryEncodingCheck> registration = new FilterRegistrationBean<>(new QueryEncodingCheck());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Keeps serving for a short drain when the service stops, closing each connection after its answer. */
    @Bean
    ShutdownDrain liaisonShutdownDrain(@Value("${liaison.shutdown.drain:5s}") Duration drain,
                                       @Value("${liaison.shutdown.drain-quiet:3s}") Duration quiet) {
        // the wall clock, not the application's Clock bean: a test's fixed clock would never end the drain
        return new ShutdownDrain(drain, quiet, Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<jakarta.servlet.Filter> liaisonShutdownDrainFilter(ShutdownDrain drain) {
        FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>(drain.filter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }
}
