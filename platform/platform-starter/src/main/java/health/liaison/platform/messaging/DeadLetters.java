package health.liaison.platform.messaging;

import health.liaison.platform.events.Topics;
import org.apache.kafka.common.TopicPartition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;

/**
 * Failed records are retried with exponential back-off, then published to {@code <topic>.dlt} with the failure in
 * the {@code kafka_dlt-*} headers, and the partition moves on: a poison message never blocks the ones behind it.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * Every record sent to a dead-letter topic is counted in {@code liaison.events.dead.lettered{topic}} (the topic it
     * failed on; no key, no payload), which the DeadLetterTopicReceiving alert watches.
     */
    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, Duration initialInterval, int maxAttempts,
                                                   MeterRegistry meters) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            publisher.accept(record, exception);
            Counter.builder("liaison.events.dead.lettered").tag("topic", record.topic())
                    .description("Records published to the dead-letter topic of the topic they failed on").register(meters).increment();
        };
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
        backOff.setMaxAttempts(maxAttempts);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }
}
