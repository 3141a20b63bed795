package health.liaison.platform.outbox;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * An event waiting in its aggregate's document to be published: written in the same single-document write as
 * the state change it reports, removed by the relay once Kafka has acknowledged it.
 */
public record PendingEvent(String id, String type, String topic, String key, String source, String tenantId,
                           String locationId, Instant time, String traceparent, String data) {

    public Document toDocument() {
        Document doc = new Document("id", id)
                .append("type", type)
                .append("topic", topic)
                .append("key", key)
                .append("source", source)
                .append("tenantId", tenantId)
                .append("time", Date.from(time))
                .append("data", data);
        if (locationId != null) {
            doc.append("locationId", locationId);
        }
        if (traceparent != null) {
            doc.append("traceparent", traceparent);
        }
        return doc;
    }

    public static PendingEvent fromDocument(Document doc) {
        return new PendingEvent(doc.getString("id"), doc.getString("type"), doc.getString("topic"),
                doc.getString("key"), doc.getString("source"), doc.getString("tenantId"),
                doc.getString("locationId"), doc.getDate("time").toInstant(), doc.getString("traceparent"),
                doc.getString("data"));
    }
}
