package health.liaison.records.audit;

import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.EventJson;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.AuditCheckpointed;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.privacy.SigningKeys;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The audit chains' anchor outside the database: signed checkpoints on the compacted topic {@code records.audit.v1},
 * keyed by practice group. Published straight to Kafka (not through an outbox in the database they vouch for) and
 * read back from the topic itself, from its start, whenever a chain is verified or checkpointed; a checkpoint whose
 * signature does not verify with records' audit signing keys is ignored. A chain is named by the database that
 * holds it and the practice group ({@code liaison_records/aurora}), so two installations sharing a Kafka cluster (or
 * the tests' several records services on one broker) never take each other's checkpoints for their own.
 */
@Component
public class AuditAnchors {

    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);
    private static final String SOURCE = "/liaison/patient-records-service";
    private static final String TYPE = EventCatalog.typeNameOf(AuditCheckpointed.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ConsumerFactory<?, ?> consumers;
    private final SigningKeys keys;
    private final Duration readTimeout;
    private final String trails;

    @SuppressWarnings("unchecked")
    AuditAnchors(KafkaTemplate<?, ?> kafka, ConsumerFactory<?, ?> consumers, AuditSigning signing, MongoTemplate mongo,
                 @Value("${liaison.records.audit.anchor-read-timeout:PT10S}") Duration readTimeout) {
        this.trails = mongo.getDb().getName() + "/";
        this.kafka = (KafkaTemplate<String, byte[]>) kafka;
        this.consumers = consumers;
        this.keys = signing.keys();
        this.readTimeout = readTimeout;
    }

    /** Signs and publishes the checkpoint of a practice group's chain at its entry {@code sequence}; waits until Kafka has it. */
    AuditCheckpointed publish(String tenant, long sequence, String headHash, Instant at) {
        String chain = trails + tenant;
        String signature = keys.sign(AuditCheckpointed.signedText(chain, sequence, headHash, at));
        AuditCheckpointed checkpoint = new AuditCheckpointed(chain, sequence, headHash, at, keys.keyId(), signature);
        try {
            kafka.send(CloudEventRecords.of(SOURCE, tenant, null, checkpoint)).get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing an audit checkpoint", e);
        } catch (Exception e) {
            throw new IllegalStateException("The audit checkpoint could not be published: " + e.getClass().getSimpleName(), e);
        }
        return checkpoint;
    }

    /**
     * The newest checkpoint that verifies (the highest sequence) of each practice group's chain in this database, by
     * practice group, read from the topic's start.
     */
    Map<String, AuditCheckpointed> latest() {
        Map<String, AuditCheckpointed> newest = new HashMap<>();
        Properties fromTheStart = new Properties();
        fromTheStart.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        fromTheStart.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "audit-anchors", null, fromTheStart)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.RECORDS_AUDIT, readTimeout);
            if (partitions == null || partitions.isEmpty()) {
                return newest;
            }
            List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, readTimeout);
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (all.stream().anyMatch(p -> consumer.position(p, readTimeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The audit anchors could not be read within " + readTimeout);
                }
                for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(200))) {
                    checkpointIn(record).filter(c -> c.chain().startsWith(trails)).ifPresent(c -> newest.merge(
                            c.chain().substring(trails.length()), c, (a, b) -> b.sequence() >= a.sequence() ? b : a));
                }
            }
        }
        return newest;
    }

    private Optional<AuditCheckpointed> checkpointIn(ConsumerRecord<?, ?> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null || !TYPE.equals(new String(type.value(), StandardCharsets.UTF_8)) || !(record.value() instanceof byte[] value)) {
            return Optional.empty();
        }
        try {
            AuditCheckpointed checkpoint = EventJson.mapper().readValue(value, AuditCheckpointed.class);
            if (checkpoint.chain() == null || !checkpoint.chain().equals(record.key())
                    || !keys.verifies(checkpoint.signedText(), checkpoint.signature())) {
                log.warn("An audit checkpoint at offset {} of {} does not verify; ignored", record.offset(), record.topic());
                return Optional.empty();
            }
            return Optional.of(checkpoint);
        } catch (RuntimeException unreadable) {
            log.warn("An audit checkpoint at offset {} of {} is unreadable; ignored", record.offset(), record.topic());
            return Optional.empty();
        }
    }
}
