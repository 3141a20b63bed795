package health.liaison.platform.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads what is really on a Kafka topic (from the beginning, every partition), and writes raw records to one. */
public final class TopicProbe {

    private final String bootstrapServers;

    public TopicProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public static TopicProbe of(Infrastructure infrastructure) {
        return new TopicProbe(infrastructure.kafkaBootstrapServers());
    }

    /** Polls the topic until {@code until} holds for the records read so far, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic, Duration timeout,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> until) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!until.test(records)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Within " + timeout + " the records on " + topic
                            + " never met the expectation; read " + records.size() + " record(s)");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Reads until a record with the CloudEvents id {@code eventId} (header ce_id) arrives. */
    public ConsumerRecord<String, byte[]> awaitEvent(String topic, String eventId, Duration timeout) {
        return readUntil(topic, timeout, list -> list.stream().anyMatch(r -> eventId.equals(header(r, "ce_id").orElse(null))))
                .stream().filter(r -> eventId.equals(header(r, "ce_id").orElse(null))).findFirst().orElseThrow();
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send a record to " + record.topic(), e);
        }
    }

    public static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
