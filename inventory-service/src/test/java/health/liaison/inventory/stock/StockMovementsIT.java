package health.liaison.inventory.stock;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.AtOnce;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Movements in their own collection: a redelivered event moves nothing twice, concurrent reservations on one bucket
 * count exactly, a movement a crash left undecided is finished once, and buckets written by the earlier version
 * (movements embedded) are moved out by two replicas at once and then reserved from and read as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class StockMovementsIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StockMovements movements;

    @Autowired
    StockLedger ledger;

    @Autowired
    MovementRepair repair;

    final String stockRoom = TestIdentity.token().subject("inv-1").tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
    String run;
    String suture;
    String filler;

    @BeforeEach
    void catalog() {
        run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        suture = "SUT-" + run;
        filler = "FILL-" + run;
        item(suture, "DISPOSABLE", "NONE", false);
        item(filler, "INJECTABLE", "LOT", true);
    }

    @Test
    void aRedeliveredCompletionConsumesTheKitOnceAndEachMovementIsInTheHistoryOnce() {
        String type = "lipo-" + run.toLowerCase();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":10}");
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + suture + "\":4}}").token(stockRoom).send().status())
                .isEqualTo(200);
        String id = "apt-redeliver-" + run;
        Instant start = Instant.now().plus(Duration.ofDays(12));
        ProducerRecord<String, byte[]> booked = record(new AppointmentBooked(id, "pat-r", "aurora-miami", type, "SURGERY",
                List.of("dr-1"), List.of("or-1"), start, start.plusSeconds(3600)));
        TopicProbe.of(TestInfrastructure.get()).send(booked);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(id)));
        // the very same record again: the case reserves nothing twice
        TopicProbe.of(TestInfrastructure.get()).send(booked);

        ProducerRecord<String, byte[]> completed = record(new AppointmentCompleted(id, "pat-r", "aurora-miami", type, "SURGERY",
                start.plusSeconds(3600)));
        TopicProbe.of(TestInfrastructure.get()).send(completed);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONSUMED".equals(caseStatus(id)));
        String bucketId = bucket(suture).get("id").asString();
        assertThat(bucket(suture).get("onHand").asInt()).isEqualTo(6);

        // the crash window: the ledger wrote its movements, the service died before the case and the inbox noted it;
        // the completion is delivered again and consumes with the same movement ids
        mongo.getCollection("case_reservations").updateOne(new Document("_id", id), new Document("$set", new Document("status", "RESERVED")));
        String eventId = new String(completed.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        assertThat(mongo.getCollection(EventInbox.PROCESSED_COLLECTION).deleteOne(new Document("_id", "inventory-case-supplies|" + eventId))
                .getDeletedCount()).isEqualTo(1);
        TopicProbe.of(TestInfrastructure.get()).send(completed);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONSUMED".equals(caseStatus(id)));

        JsonNode after = bucket(suture);
        assertThat(after.get("onHand").asInt()).isEqualTo(6);
        assertThat(after.get("reserved").asInt()).isZero();
        assertThat(after.get("available").asInt()).isEqualTo(6);
        JsonNode history = history(bucketId, 0, 50);
        assertThat(history.get("totalItems").asInt()).isEqualTo(3);
        assertThat(texts(history.get("items"), "type")).containsExactly("CONSUME", "RESERVE", "RECEIVE");
        assertThat(texts(history.get("items"), "seq")).containsExactly("3", "2", "1");
    }

    @Test
    void twoConcurrentReservationsOnOneBucketCountExactly() throws Exception {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":7}");
        // two at once that both fit: both succeed
        List<Integer> both = AtOnce.run(2, i -> reserveStatus(suture, 3, "both-" + i));
        assertThat(both).containsExactly(201, 201);
        assertThat(bucket(suture).get("reserved").asInt()).isEqualTo(6);
        // two at once of which only one fits (all of what is left): exactly one succeeds, and nothing goes negative
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":4}");
        List<Integer> one = AtOnce.run(2, i -> reserveStatus(suture, 5, "one-" + i));
        assertThat(one).containsExactlyInAnyOrder(201, 409);
        JsonNode bucket = bucket(suture);
        assertThat(bucket.get("onHand").asInt()).isEqualTo(11);
        assertThat(bucket.get("reserved").asInt()).isEqualTo(11);
        assertThat(bucket.get("available").asInt()).isZero();
        // many at once, one unit each, against 20 units: exactly 20 succeed
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":20}");
        List<Integer> many = AtOnce.run(30, i -> reserveStatus(suture, 1, "many-" + i));
        assertThat(many.stream().filter(s -> s == 201).count()).isEqualTo(20);
        assertThat(many.stream().filter(s -> s == 409).count()).isEqualTo(10);
        bucket = bucket(suture);
        assertThat(bucket.get("reserved").asInt()).isEqualTo(31);
        assertThat(bucket.get("available").asInt()).isZero();
        // the history holds exactly what was applied: 3 receipts and 2 + 1 + 20 reservations, in pages of 15
        String id = bucket.get("id").asString();
        assertThat(history(id, 0, 15).get("totalItems").asInt()).isEqualTo(26);
        assertThat(history(id, 0, 15).get("totalPages").asInt()).isEqualTo(2);
        List<String> seqs = new ArrayList<>(texts(history(id, 0, 15).get("items"), "seq"));
        seqs.addAll(texts(history(id, 1, 15).get("items"), "seq"));
        assertThat(seqs).hasSize(26).doesNotHaveDuplicates();
        // the counters are what the movements add up to
        int reservedByMovements = 0;
        for (Document m : mongo.getCollection(StockMovements.COLLECTION).find(new Document("bucketId", id).append("state", "APPLIED")
                .append("type", "RESERVE"))) {
            reservedByMovements += m.getInteger("quantity");
        }
        assertThat(reservedByMovements).isEqualTo(31);
        assertThat(mongo.getCollection(StockLedger.COLLECTION).find(new Document("_id", id)).first()).doesNotContainKey("movements");
    }

    @Test
    void aMovementACrashLeftUndecidedIsFinishedOnceAndOneTheBucketAppliedIsOnlyWrittenDown() {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":5}");
        String id = bucket(suture).get("id").asString();
        Date longAgo = Date.from(Instant.now().minus(Duration.ofMinutes(10)));
        // recorded, never applied (the process died between the two writes)
        mongo.getCollection(StockMovements.COLLECTION).insertOne(pending(id, "adjust:lost-" + run, "ADJUST", 3, longAgo,
                new Document("available", 3).append("onHand", 3)));
        // applied by the bucket, the outcome never written down
        mongo.getCollection(StockMovements.COLLECTION).insertOne(pending(id, "adjust:half-" + run, "ADJUST", 2, longAgo,
                new Document("available", 2).append("onHand", 2)));
        long seq = mongo.getCollection(StockLedger.COLLECTION).find(new Document("_id", id)).first().get("seq", Number.class).longValue();
        assertThat(mongo.getCollection(StockLedger.COLLECTION).updateOne(new Document("_id", id).append("seq", seq),
                new Document("$inc", new Document("available", 2).append("onHand", 2).append("seq", 1L))
                        .append("$set", new Document("lastMovement", "adjust:half-" + run).append("lastOutcome", "APPLIED"))).getModifiedCount())
                .isEqualTo(1);
        assertThat(bucket(suture).get("onHand").asInt()).isEqualTo(7);

        repair.finishUndecided();
        repair.finishUndecided();

        JsonNode after = bucket(suture);
        assertThat(after.get("onHand").asInt()).isEqualTo(10);
        assertThat(after.get("available").asInt()).isEqualTo(10);
        assertThat(state(id, "adjust:lost-" + run)).isEqualTo("APPLIED");
        assertThat(state(id, "adjust:half-" + run)).isEqualTo("APPLIED");
        assertThat(texts(history(id, 0, 50).get("items"), "movementId")).containsExactly("adjust:lost-" + run, "adjust:half-" + run,
                bucketMovement(id, 1));
        // a retry of either movement by its cause changes nothing more
        assertThat(Callers.callAs(Caller.system("aurora"), () -> ledger.adjust("adjust:lost-" + run, id, 3, "count"))).isTrue();
        assertThat(bucket(suture).get("onHand").asInt()).isEqualTo(10);
    }

    @Test
    void bucketsWrittenByTheEarlierVersionAreMovedOutByTwoReplicasAtOnceAndThenReservedFromAndRead() throws Exception {
        String lotBucket = "aurora|aurora-miami|main|" + filler + "|L1";
        String plainBucket = "aurora|aurora-miami|main|" + suture + "|-";
        Date at = Date.from(Instant.now().minus(Duration.ofDays(30)));
        // the way the earlier version kept them: counters and every movement in the one document
        List<Document> lotMovements = new ArrayList<>(List.of(
                old("receipt-" + run, "RECEIVE", 10, null, at),
                old("reserve:case:old-" + run + ":" + lotBucket + ":0", "RESERVE", 4, "case:old-" + run, at),
                old("release:case:old-" + run + ":" + lotBucket + ":1", "RELEASE", 1, "case:old-" + run, at)));
        mongo.getCollection(StockLedger.COLLECTION).insertOne(oldBucket(lotBucket, filler, "L1", "2031-01-01", 10, 3, lotMovements));
        // a busy one, left leased by a replica that died while moving it
        List<Document> busy = new ArrayList<>();
        busy.add(old("receipt-big-" + run, "RECEIVE", 5000, null, at));
        for (int i = 0; i < 2000; i++) {
            busy.add(old("waste-" + run + "-" + i, "WASTE", 1, null, at));
        }
        mongo.getCollection(StockLedger.COLLECTION).insertOne(oldBucket(plainBucket, suture, null, null, 3000, 0, busy)
                .append("_migration", new Document("owner", "dead").append("until", Date.from(Instant.now().minusSeconds(5)))));

        List<Callable<Integer>> replicas = List.of(
                () -> new EmbeddedMovementsMigration(mongo, movements, "replica-a", Duration.ofMinutes(1), Clock.systemUTC()).migrate(),
                () -> new EmbeddedMovementsMigration(mongo, movements, "replica-b", Duration.ofMinutes(1), Clock.systemUTC()).migrate());
        int moved = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> replica : pool.invokeAll(replicas)) {
                moved += replica.get();
            }
        }
        assertThat(moved).isEqualTo(2);
        for (String id : List.of(lotBucket, plainBucket)) {
            Document bucket = mongo.getCollection(StockLedger.COLLECTION).find(new Document("_id", id)).first();
            assertThat(bucket).doesNotContainKeys("movements", "_migration");
        }
        assertThat(mongo.getCollection(StockMovements.COLLECTION).countDocuments(new Document("bucketId", lotBucket))).isEqualTo(3);
        assertThat(mongo.getCollection(StockMovements.COLLECTION).countDocuments(new Document("bucketId", plainBucket))).isEqualTo(2001);
        // a third replica starting later finds nothing to do
        assertThat(new EmbeddedMovementsMigration(mongo, movements, "replica-c", Duration.ofMinutes(1), Clock.systemUTC()).migrate()).isZero();

        // read as before: the history in the order it was written, newest first
        JsonNode history = history(lotBucket, 0, 50);
        assertThat(texts(history.get("items"), "type")).containsExactly("RELEASE", "RESERVE", "RECEIVE");
        assertThat(texts(history.get("items"), "seq")).containsExactly("3", "2", "1");
        assertThat(history(plainBucket, 0, 10).get("totalItems").asInt()).isEqualTo(2001);
        assertThat(history(plainBucket, 0, 10).get("items").get(0).get("movementId").asString()).isEqualTo("waste-" + run + "-1999");
        // a movement made before the upgrade, retried after it (a redelivery), counts once
        assertThat(Callers.callAs(Caller.system("aurora"), () -> ledger.take("waste-" + run + "-7", "WASTE", plainBucket, 1, null, null)))
                .isTrue();
        assertThat(bucket(suture).get("onHand").asInt()).isEqualTo(3000);
        // what the old case still holds (4 reserved, 1 released) is found in the moved movements and given back once
        Callers.runAs(Caller.system("aurora"), () -> ledger.releaseLeftovers("case:old-" + run));
        Callers.runAs(Caller.system("aurora"), () -> ledger.releaseLeftovers("case:old-" + run));
        JsonNode lot = bucket(filler);
        assertThat(lot.get("reserved").asInt()).isZero();
        assertThat(lot.get("available").asInt()).isEqualTo(10);
        // and reserved from: exactly what is there
        assertThat(reserveStatus(filler, 10, "after-upgrade")).isEqualTo(201);
        assertThat(reserveStatus(filler, 1, "after-upgrade-2")).isEqualTo(409);
        assertThat(reserveStatus(suture, 1000, "after-upgrade-3")).isEqualTo(201);
        assertThat(bucket(suture).get("available").asInt()).isEqualTo(2000);
        assertThat(history(lotBucket, 0, 50).get("totalItems").asInt()).isEqualTo(5);
    }

    @Test
    void theHistoryAndTheRepairAreIndexedAndAnotherGroupsBucketIs404() {
        List<Document> keys = new ArrayList<>();
        for (Document index : mongo.getCollection(StockMovements.COLLECTION).listIndexes()) {
            Document key = new Document();
            index.get("key", Document.class).forEach((field, order) -> key.append(field, ((Number) order).intValue()));
            keys.add(key);
        }
        assertThat(keys).contains(new Document("bucketId", 1).append("state", 1).append("seq", -1),
                new Document("tenantId", 1).append("reference", 1).append("bucketId", 1), new Document("at", 1));
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":5}");
        String id = bucket(suture).get("id").asString();
        String belmont = TestIdentity.token().subject("inv-b").tenant("belmont").locations("belmont-chicago").roles("INVENTORY", "ADMIN").sign();
        assertThat(api().get("/api/inventory/v1/stock/" + encoded(id) + "/movements").token(belmont).send().status()).isEqualTo(404);
        ApiClient.Answer tooBig = api().get("/api/inventory/v1/stock/" + encoded(id) + "/movements?size=500").token(stockRoom).send();
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.body()).contains("size");
    }

    private Document pending(String bucketId, String movementId, String type, int quantity, Date at, Document inc) {
        return new Document("_id", bucketId + "|" + movementId).append("movementId", movementId).append("bucketId", bucketId)
                .append("tenantId", "aurora").append("type", type).append("quantity", quantity).append("at", at).append("by", "inv-1")
                .append("state", "PENDING").append("effect", new Document("inc", inc).append("set", new Document())
                        .append("atLeast", new Document()).append("reservable", false));
    }

    private String state(String bucketId, String movementId) {
        return mongo.getCollection(StockMovements.COLLECTION).find(new Document("_id", bucketId + "|" + movementId)).first().getString("state");
    }

    private String bucketMovement(String bucketId, long seq) {
        return mongo.getCollection(StockMovements.COLLECTION).find(new Document("bucketId", bucketId).append("seq", seq)).first()
                .getString("movementId");
    }

    private static Document old(String movementId, String type, int quantity, String reference, Date at) {
        return new Document("movementId", movementId).append("type", type).append("quantity", quantity).append("at", at)
                .append("reference", reference).append("reason", null).append("by", "inv-1");
    }

    private static Document oldBucket(String id, String sku, String lot, String expiresOn, int onHand, int reserved, List<Document> movements) {
        return new Document("_id", id).append("tenantId", "aurora").append("locationId", "aurora-miami").append("place", "main")
                .append("sku", sku).append("lot", lot).append("serial", null).append("expiresOn", expiresOn).append("quarantined", false)
                .append("onHand", onHand).append("reserved", reserved).append("available", onHand - reserved).append("movements", movements)
                .append("receivedAt", new Date()).append("_v", (long) movements.size());
    }

    private ApiClient api() {
        return ApiClient.onPort(port);
    }

    private void item(String sku, String category, String tracking, boolean expires) {
        ApiClient.Answer answer = api().put("/api/inventory/v1/items/" + sku, "{\"name\":\"" + sku + "\",\"category\":\"" + category
                + "\",\"unit\":\"each\",\"unitsPerPack\":1,\"tracking\":\"" + tracking + "\",\"expires\":" + expires
                + ",\"manufacturer\":\"Ethicon\"}").token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private void receive(String body) {
        ApiClient.Answer answer = api().post("/api/inventory/v1/stock/receipts", body).token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    private int reserveStatus(String sku, int quantity, String reference) {
        return api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + sku
                + "\",\"quantity\":" + quantity + ",\"reference\":\"" + reference + "\"}").token(stockRoom).send().status();
    }

    private JsonNode bucket(String sku) {
        JsonNode buckets = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + sku).token(stockRoom).send().json();
        assertThat(buckets.size()).isEqualTo(1);
        return buckets.get(0);
    }

    private JsonNode history(String bucketId, int page, int size) {
        ApiClient.Answer answer = api().get("/api/inventory/v1/stock/" + encoded(bucketId) + "/movements?page=" + page + "&size=" + size)
                .token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private String caseStatus(String appointmentId) {
        ApiClient.Answer answer = api().get("/api/inventory/v1/cases/" + appointmentId).token(stockRoom).send();
        return answer.status() == 200 ? answer.json().get("status").asString() : null;
    }

    private static ProducerRecord<String, byte[]> record(DomainEvent event) {
        return CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami", event);
    }

    private static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asString()));
        return values;
    }
}
