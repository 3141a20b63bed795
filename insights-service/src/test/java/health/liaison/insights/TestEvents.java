package health.liaison.insights;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.EventJson;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.outbox.PendingEvent;
import health.liaison.platform.testing.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Publishes other areas' events the way their outbox relays do (CloudEvents binary mode, the publisher's source, the
 * practice group and clinic in the envelope, the time the publisher wrote them), to the key's partition or to one
 * chosen to scramble the order, and waits until insights has handled them.
 */
final class TestEvents {

    static final String REACTION = "insights-facts";

    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {
    }

    static ProducerRecord<String, byte[]> record(String tenant, DomainEvent event, Instant at, String eventId) {
        Class<? extends DomainEvent> type = event.getClass();
        String area = EventCatalog.typeNameOf(type).split("\\.")[2];
        return CloudEventRecords.toRecord(new PendingEvent(eventId, EventCatalog.typeNameOf(type), EventCatalog.topicOf(type),
                event.subject(), "/liaison/" + area + "-service", tenant, locationOf(event), at, null,
                new String(EventJson.write(event), StandardCharsets.UTF_8)));
    }

    static ProducerRecord<String, byte[]> record(String tenant, DomainEvent event, Instant at) {
        return record(tenant, event, at, UUID.randomUUID().toString());
    }

    /** The same record sent to {@code partition} instead of its key's. */
    static ProducerRecord<String, byte[]> onPartition(ProducerRecord<String, byte[]> record, int partition) {
        return new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers());
    }

    /** Sends the records in this order, one producer, and waits until the broker has them all. */
    static synchronized void send(List<ProducerRecord<String, byte[]>> records) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                    new StringSerializer(), new ByteArraySerializer());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : records) {
            sent.add(producer.send(record));
        }
        for (Future<RecordMetadata> result : sent) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Could not send an event", e);
            }
        }
    }

    static String idOf(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    static void awaitHandled(MongoTemplate mongo, Collection<String> eventIds) {
        List<String> keys = eventIds.stream().distinct().map(id -> REACTION + "|" + id).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> mongo.getCollection(EventInbox.PROCESSED_COLLECTION)
                .countDocuments(new Document("_id", new Document("$in", keys))) == keys.size());
    }

    private static String locationOf(DomainEvent event) {
        try {
            return (String) event.getClass().getMethod("locationId").invoke(event);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
