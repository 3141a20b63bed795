package health.liaison.platform.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/** A pending event as a CloudEvents 1.0 Kafka record in binary mode: {@code ce_*} headers, JSON data. */
public final class CloudEventRecords {

    public static final String TENANT_EXTENSION = "tenantid";
    public static final String LOCATION_EXTENSION = "locationid";
    public static final String TRACEPARENT_EXTENSION = "traceparent";

    private CloudEventRecords() {
    }

    /**
     * The Kafka record of an event published straight away rather than through an outbox, stamped as if {@code
     * source} (e.g. "/liaison/scheduling-service") had published it: what tests use to stand in for another service.
     */
    public static ProducerRecord<String, byte[]> of(String source, String tenant, String locationId,
                                                    health.liaison.platform.events.DomainEvent event) {
        Class<? extends health.liaison.platform.events.DomainEvent> type = event.getClass();
        return toRecord(new PendingEvent(java.util.UUID.randomUUID().toString(),
                health.liaison.platform.events.EventCatalog.typeNameOf(type),
                health.liaison.platform.events.EventCatalog.topicOf(type), event.subject(), source, tenant, locationId,
                java.time.Instant.now(), null,
                new String(health.liaison.platform.events.EventJson.write(event), StandardCharsets.UTF_8)));
    }

    public static ProducerRecord<String, byte[]> toRecord(PendingEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(URI.create(event.source()))
                .withSubject(event.key())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(event.data().getBytes(StandardCharsets.UTF_8))
                .withExtension(TENANT_EXTENSION, event.tenantId());
        if (event.locationId() != null) {
            builder.withExtension(LOCATION_EXTENSION, event.locationId());
        }
        if (event.traceparent() != null) {
            builder.withExtension(TRACEPARENT_EXTENSION, event.traceparent());
        }
        CloudEvent cloudEvent = builder.build();
        return KafkaMessageFactory.<String>createWriter(event.topic(), event.key()).writeBinary(cloudEvent);
    }
}
