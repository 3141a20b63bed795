package health.liaison.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Consumer lag as the broker sees it, for every consumer group this process's listeners use: every
 * {@code interval} it reads the group's committed offsets and the partitions' end offsets and publishes
 * {@code liaison.kafka.consumer.lag{group,topic}} (records behind, summed over the topic's partitions) and
 * {@code liaison.kafka.consumer.members{group}} (members the broker counts in the group: 0 means nobody reads).
 * Unlike the Kafka client's own {@code records-lag-max} (NaN until a fetch, one series per client and a second one
 * per topic with dots turned into underscores), these are one series per group and topic with the topic's real name.
 */
public class ConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Supplier<Admin> admins;
    private final KafkaListenerEndpointRegistry listeners;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Map<Tags, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> members = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private Admin admin;

    public ConsumerLag(Supplier<Admin> admins, KafkaListenerEndpointRegistry listeners, MeterRegistry meters, Duration interval) {
        this.admins = admins;
        this.listeners = listeners;
        this.meters = meters;
        this.interval = interval;
    }

    /** Reads every group's lag and members once (also what the timer does). */
    public synchronized void measure() {
        Set<String> groups = new TreeSet<>();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            if (container.getGroupId() != null) {
                groups.add(container.getGroupId());
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        try {
            if (admin == null) {
                admin = admins.get();
            }
            Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
            descriptions.forEach((group, description) -> gauge(members, group, "liaison.kafka.consumer.members",
                    Tags.of("group", group)).set(description.members().size()));
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<String, Long> byTopic = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    long end = ends.containsKey(partition) ? ends.get(partition).offset() : offset.offset();
                    byTopic.merge(partition.topic(), Math.max(0, end - offset.offset()), Long::sum);
                });
                byTopic.forEach((topic, behind) -> gauge(lag, Tags.of("group", group, "topic", topic), "liaison.kafka.consumer.lag",
                        Tags.of("group", group, "topic", topic)).set(behind));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Consumer lag not measured: {}", e.toString());
        }
    }

    private <K> AtomicLong gauge(Map<K, AtomicLong> values, K key, String name, Tags tags) {
        return values.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::doubleValue).tags(tags).register(meters);
            return value;
        });
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("liaison-consumer-lag").factory());
        timer.scheduleWithFixedDelay(this::measure, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
