package health.liaison.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The insights scenario's data: one practice group ({@code bench}) with 5 clinics and 30 providers (6 a clinic), a year
 * (2025) of 60,000 appointments with their flow times, 12,000 inquiries, their quotes, tasks, complaints, claims and
 * stock-outs. Clinics are defined through the real topic ({@code location.changed}, CloudEvents binary mode); the
 * year's fact documents are written straight into insights' read model as its feed writes them (feeding 300,000 events
 * through Kafka would take this 2-core machine most of an hour); the live feed is then measured separately at 200
 * events/s through Kafka.
 */
final class InsightsLoad {

    static final String TENANT = "bench";
    static final List<String> CLINICS = List.of("bench-c0", "bench-c1", "bench-c2", "bench-c3", "bench-c4");
    static final List<String> ZONES = List.of("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix");
    static final int APPOINTMENTS = 60_000;

    private final String bootstrapServers;
    private final String mongoUri;
    private final Random random = new Random(18);

    InsightsLoad(String bootstrapServers, String mongoUri) {
        this.bootstrapServers = bootstrapServers;
        this.mongoUri = mongoUri;
    }

    KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
    }

    /** A Liaison CloudEvent in Kafka binary mode, as an outbox relay sends it. */
    static ProducerRecord<String, byte[]> event(String id, String type, String topic, String key, String location, Instant time, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_type", type);
        header(record, "ce_source", "/liaison/scheduling-service");
        header(record, "ce_subject", key);
        header(record, "ce_time", time.toString());
        header(record, "ce_tenantid", TENANT);
        header(record, "ce_locationid", location);
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** location.changed for the 5 clinics: open 08:00–18:00 Monday to Saturday. */
    void defineClinics() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int c = 0; c < CLINICS.size(); c++) {
                StringBuilder hours = new StringBuilder();
                for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")) {
                    hours.append(hours.isEmpty() ? "" : ",").append("\"").append(day).append("\":[{\"opens\":\"08:00:00\",\"closes\":\"18:00:00\"}]");
                }
                String json = "{\"locationId\":\"" + CLINICS.get(c) + "\",\"zoneId\":\"" + ZONES.get(c) + "\",\"hours\":{" + hours
                        + "},\"holidays\":[\"2025-12-25\"],\"changedAt\":\"2024-12-01T00:00:00Z\"}";
                producer.send(event(UUID.randomUUID().toString(), "health.liaison.scheduling.location.changed.v1", "scheduling.location.v1",
                        CLINICS.get(c), CLINICS.get(c), Instant.parse("2024-12-01T00:00:00Z"), json)).get();
            }
        }
    }

    /** The year's fact documents, as the feed writes them. Answers how many documents were written. */
    long loadYear() {
        long written = 0;
        try (MongoClient client = MongoClients.create(mongoUri)) {
            var db = client.getDatabase("liaison_insights");
            MongoCollection<Document> visits = db.getCollection("visits");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < APPOINTMENTS; i++) {
                int c = i % CLINICS.size();
                ZoneId zone = ZoneId.of(ZONES.get(c));
                LocalDate day = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365));
                Instant start = day.atTime(8 + random.nextInt(9), 15 * random.nextInt(4)).atZone(zone).toInstant();
                String provider = "dr-" + (c * 6 + random.nextInt(6));
                Document visit = new Document("_id", TENANT + "|apt-" + i).append("tenantId", TENANT).append("locationId", CLINICS.get(c))
                        .append("appointmentTypeId", i % 10 == 0 ? "breast-augmentation" : "consultation")
                        .append("category", i % 10 == 0 ? "SURGERY" : "CONSULTATION").append("providerIds", List.of(provider))
                        .append("start", Date.from(start)).append("end", Date.from(start.plus(Duration.ofHours(1))))
                        .append("scheduledAsOf", Date.from(start.minus(Duration.ofDays(20)))).append("bookedAt", Date.from(start.minus(Duration.ofDays(20))));
                int fate = random.nextInt(100);
                if (fate < 8) {
                    visit.append("cancelledAt", Date.from(start.minus(Duration.ofHours(random.nextInt(96))))).append("cancelledStart", Date.from(start));
                } else if (fate < 13) {
                    visit.append("noShowAt", Date.from(start.plus(Duration.ofMinutes(30))));
                } else {
                    Instant in = start.minus(Duration.ofMinutes(random.nextInt(15)));
                    Instant roomed = in.plus(Duration.ofMinutes(random.nextInt(25)));
                    Instant seen = roomed.plus(Duration.ofMinutes(random.nextInt(20)));
                    visit.append("checkedInAt", Date.from(in)).append("roomedAt", Date.from(roomed)).append("withProviderAt", Date.from(seen))
                            .append("checkedOutAt", Date.from(seen.plus(Duration.ofMinutes(20 + random.nextInt(40)))));
                }
                batch.add(visit);
                if (batch.size() == 1000) {
                    visits.insertMany(batch);
                    written += batch.size();
                    batch.clear();
                }
            }
            MongoCollection<Document> inquiries = db.getCollection("inquiries");
            MongoCollection<Document> quotes = db.getCollection("quotes");
            List<Document> quoteBatch = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                int c = i % CLINICS.size();
                Instant received = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)).atTime(9 + random.nextInt(9), 0)
                        .atZone(ZoneId.of(ZONES.get(c))).toInstant();
                Document inquiry = new Document("_id", TENANT + "|inq-" + i).append("tenantId", TENANT).append("locationId", CLINICS.get(c))
                        .append("source", List.of("PHONE", "WEB_FORM", "EMAIL", "REFERRAL").get(random.nextInt(4)))
                        .append("interest", List.of("consultation", "breast-augmentation", "botox").get(random.nextInt(3)))
                        .append("ownerId", "coord-" + (c * 2 + random.nextInt(2))).append("receivedAt", Date.from(received))
                        .append("firstResponseDueAt", Date.from(received.plus(Duration.ofHours(1))))
                        .append("firstContactAt", Date.from(received.plus(Duration.ofMinutes(random.nextInt(180)))));
                if (i % 3 == 0) {
                    Instant converted = received.plus(Duration.ofDays(1 + random.nextInt(10)));
                    inquiry.append("patientId", "pat-" + i).append("convertedAt", Date.from(converted));
                    if (i % 6 == 0) {
                        Document quote = new Document("_id", TENANT + "|q-" + i).append("tenantId", TENANT).append("locationId", CLINICS.get(c))
                                .append("patientId", "pat-" + i).append("appointmentTypeId", "breast-augmentation")
                                .append("issuedAt", Date.from(converted.plus(Duration.ofDays(2))));
                        if (i % 12 == 0) {
                            quote.append("acceptedAt", Date.from(converted.plus(Duration.ofDays(5))));
                            inquiry.append("wonAt", Date.from(converted.plus(Duration.ofDays(12))));
                        }
                        quoteBatch.add(quote);
                    }
                }
                inquiries.insertOne(inquiry);
                written++;
            }
            quotes.insertMany(quoteBatch);
            written += quoteBatch.size();
            MongoCollection<Document> complaints = db.getCollection("complaints");
            for (int i = 0; i < 600; i++) {
                Instant opened = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)).atTime(12, 0).atZone(ZoneId.of("UTC")).toInstant();
                Document complaint = new Document("_id", TENANT + "|cmp-" + i).append("tenantId", TENANT).append("locationId", CLINICS.get(i % 5))
                        .append("category", "WAIT_TIME").append("openedAt", Date.from(opened))
                        .append("dueOn", opened.atZone(ZoneId.of("UTC")).toLocalDate().plusDays(7).toString());
                if (i % 4 != 0) {
                    complaint.append("resolvedAt", Date.from(opened.plus(Duration.ofDays(random.nextInt(10)))));
                }
                complaints.insertOne(complaint);
                written++;
            }
        }
        return written;
    }
}
