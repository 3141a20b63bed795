package health.liaison.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.Topics;
import health.liaison.inventory.upgrade.StoredIdUpgrade;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiDocsCheck;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.AtOnce;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stock that never goes negative, FEFO, kits reserved from real booking events (and finished after a crash half-way),
 * recalls, alerts as events (below reorder point, expiring, expired quarantined), equipment events, tenancy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"liaison.inventory.expiry-sweep-interval=PT1S", "liaison.inventory.expiry-sweep-initial-delay=PT1S"})
@RealInfrastructure
class InventoryIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String stockRoom = TestIdentity.token().subject("inv-1").tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
    final String belmont = TestIdentity.token().subject("inv-b").tenant("belmont").locations("belmont-chicago").roles("INVENTORY", "ADMIN").sign();
    String run;
    String implant;
    String suture;
    String filler;
    String gtin13;

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @BeforeEach
    void catalog() {
        run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        implant = "IMPL-" + run;
        suture = "SUT-" + run;
        filler = "FILL-" + run;
        // a GTIN of this test's own: a scan finds the item by GTIN, and every test defines an implant
        gtin13 = String.format("0950%09d", Math.floorMod(run.hashCode(), 1_000_000_000));
        item(implant, "IMPLANT", "SERIAL", true, "Mentor", gtin13 + check(gtin13));
        item(suture, "DISPOSABLE", "NONE", false, "Ethicon", null);
        item(filler, "INJECTABLE", "LOT", true, "Allergan", null);
    }

    @Test
    void theOpenApiDocumentValidatesDeclaresTheBearerSchemeAndDocumentsProblems() {
        ApiDocsCheck.assertValid(port, "Liaison Inventory API");
    }

    @Test
    void ofThirtyConcurrentReservationsAgainstFiveUnitsExactlyFiveSucceedAndStockNeverGoesNegative() throws Exception {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":5}");
        List<Integer> statuses = AtOnce.run(30, i -> api().post("/api/inventory/v1/stock/reservations",
                "{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":1,\"reference\":\"proc-" + i + "\"}").token(stockRoom).send().status());
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(25);
        JsonNode bucket = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + suture).token(stockRoom).send().json().get(0);
        assertThat(bucket.get("onHand").asInt()).isEqualTo(5);
        assertThat(bucket.get("reserved").asInt()).isEqualTo(5);
        assertThat(bucket.get("available").asInt()).isZero();
        // the receipt and the five reservations that succeeded, in the bucket's history
        JsonNode history = api().get("/api/inventory/v1/stock/" + encoded(bucket.get("id").asString()) + "/movements?size=50")
                .token(stockRoom).send().json();
        assertThat(history.get("totalItems").asInt()).isEqualTo(6);
        assertThat(texts(history.get("items"), "type")).containsExactly("RESERVE", "RESERVE", "RESERVE", "RESERVE", "RESERVE", "RECEIVE");
        assertThat(mongo.getCollection("stock").find(new Document("_id", bucket.get("id").asString())).first()).doesNotContainKey("movements");
    }

    @Test
    void reservationsTakeTheEarliestExpiringUsableLotAndNeverAnExpiredOne() {
        LocalDate today = LocalDate.now();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"LATE\",\"expiresOn\":\"" + today.plusDays(300) + "\",\"quantity\":10}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"EXPIRED\",\"expiresOn\":\"" + today.minusDays(3) + "\",\"quantity\":10}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"SOON\",\"expiresOn\":\"" + today.plusDays(40) + "\",\"quantity\":3}");
        JsonNode first = reserve(filler, 2);
        assertThat(first.get(0).get("lot").asString()).isEqualTo("SOON");
        JsonNode spanning = reserve(filler, 4);
        assertThat(texts(spanning, "lot")).containsExactly("SOON", "LATE");
        assertThat(spanning.get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(spanning.get(1).get("quantity").asInt()).isEqualTo(3);
        // 7 left in LATE; the 10 expired units are never taken
        assertThat(api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler
                + "\",\"quantity\":8,\"reference\":\"x\"}").token(stockRoom).send().status()).isEqualTo(409);
        JsonNode alerts = api().get("/api/inventory/v1/alerts?locationId=aurora-miami").token(stockRoom).send().json();
        assertThat(alerts.get("expiredOrQuarantined").toString()).contains("EXPIRED");
        assertThat(alerts.get("expiring").toString()).contains("SOON");
    }

    @Test
    void aBookedSurgeryReservesItsKitFromTheRealEventItsCancellationReleasesItAndAShortageIsPublished() {
        String type = "augmentation-" + run.toLowerCase();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":6}");
        receive("{\"locationId\":\"aurora-miami\",\"udi\":\"(01)" + gtin13 + check(gtin13) + "(17)301231(10)LOT7(21)SN-" + run + "-1\"}");
        receive("{\"locationId\":\"aurora-miami\",\"udi\":\"(01)" + gtin13 + check(gtin13) + "(17)301231(10)LOT7(21)SN-" + run + "-2\"}");
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + implant + "\":2,\"" + suture + "\":4}}").token(stockRoom).send().status()).isEqualTo(200);

        String first = "apt-a-" + run;
        publish(new AppointmentBooked(first, "pat-a", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"),
                Instant.now().plus(Duration.ofDays(20)), Instant.now().plus(Duration.ofDays(20)).plusSeconds(10800)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(first)));
        assertThat(available(suture)).isEqualTo(2);

        // a second surgery needs 2 implants and 4 sutures: nothing is left of the implants
        String second = "apt-b-" + run;
        publish(new AppointmentBooked(second, "pat-b", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"),
                Instant.now().plus(Duration.ofDays(21)), Instant.now().plus(Duration.ofDays(21)).plusSeconds(10800)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(caseStatus(second)));
        var failed = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.INVENTORY_STOCK, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> second.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("reservation-failed")));
        String payload = failed.stream().filter(r -> second.equals(r.key())).map(r -> new String(r.value())).findFirst().orElseThrow();
        assertThat(payload).contains("\"sku\":\"" + implant + "\"").contains("\"needed\":2").contains("\"available\":0")
                .contains("\"sku\":\"" + suture + "\"");
        assertThat(available(suture)).isEqualTo(2); // nothing of the failed kit stays held

        publish(new AppointmentCancelled(first, "pat-a", "aurora-miami", type, "SURGERY", Instant.now().plus(Duration.ofDays(20)),
                "PATIENT_REQUEST", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(caseStatus(first)));
        assertThat(available(suture)).isEqualTo(6);
        assertThat(available(implant)).isEqualTo(2);
    }

    @Test
    void aRecallByLotReturnsExactlyTheCasesThatUsedItAndQuarantinesWhatIsLeft() {
        String type = "lips-" + run.toLowerCase();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"RECALLED\",\"expiresOn\":\"" + LocalDate.now().plusDays(200) + "\",\"quantity\":3}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"FINE\",\"expiresOn\":\"" + LocalDate.now().plusDays(400) + "\",\"quantity\":5}");
        api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + filler + "\":2}}").token(stockRoom).send();
        List<String> cases = List.of("apt-r1-" + run, "apt-r2-" + run, "apt-r3-" + run);
        for (int i = 0; i < cases.size(); i++) {
            String id = cases.get(i);
            publish(new AppointmentBooked(id, "pat-r" + i, "aurora-miami", type, "PROCEDURE", List.of("dr-1"), List.of(),
                    Instant.now().plus(Duration.ofDays(5 + i)), Instant.now().plus(Duration.ofDays(5 + i)).plusSeconds(1800)));
            await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(id)));
        }
        // FEFO reserved RECALLED x2 for the first case, RECALLED + FINE for the second, FINE x2 for the third. The nurses
        // record what was really used: the second case used FINE only; the third used one RECALLED after all
        assertThat(api().post("/api/inventory/v1/cases/" + cases.get(1) + "/usage", "{\"items\":[{\"sku\":\"" + filler
                + "\",\"lot\":\"FINE\",\"quantity\":2}]}").token(stockRoom).send().status()).isEqualTo(200);
        assertThat(api().post("/api/inventory/v1/cases/" + cases.get(2) + "/usage", "{\"items\":[{\"sku\":\"" + filler
                + "\",\"lot\":\"RECALLED\",\"quantity\":1},{\"sku\":\"" + filler + "\",\"lot\":\"FINE\",\"quantity\":1}]}")
                .token(stockRoom).send().status()).isEqualTo(200);
        for (String id : cases) {
            publish(new AppointmentCompleted(id, "pat", "aurora-miami", type, "PROCEDURE", Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> "CONSUMED".equals(caseStatus(id)));
        }
        JsonNode affected = api().get("/api/inventory/v1/recalls/affected-cases?manufacturer=Allergan&lot=RECALLED").token(stockRoom).send().json();
        List<String> appointments = new ArrayList<>();
        affected.forEach(u -> appointments.add(u.get("appointmentId").asString()));
        assertThat(appointments.stream().distinct().toList()).containsExactlyInAnyOrder(cases.get(0), cases.get(2));
        ApiClient.Answer recall = api().post("/api/inventory/v1/recalls", "{\"manufacturer\":\"Allergan\",\"sku\":\"" + filler
                + "\",\"lot\":\"RECALLED\",\"reason\":\"particulate contamination\"}").token(stockRoom).send();
        assertThat(recall.status()).isEqualTo(201);
        assertThat(texts(recall.json().get("appointmentIds"), null)).containsExactlyInAnyOrder(cases.get(0), cases.get(2));
        // what is left of the lot can no longer be reserved
        assertThat(api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + filler).token(stockRoom).send().json().toString())
                .contains("\"quarantined\":true");
        var raised = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.INVENTORY_STOCK, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> recall.json().get("id").asString().equals(r.key())));
        assertThat(raised).isNotEmpty();
    }

    @Test
    void aReceiptKeyReusedWithAnotherBodyIs422AndARetryReplaysTheFirstReceipt() {
        String sku = "KEYED-" + run;
        item(sku, "DISPOSABLE", "NONE", false, "Ethicon", null);
        String key = "receipt-" + run;
        String body = "{\"locationId\":\"aurora-miami\",\"sku\":\"" + sku + "\",\"quantity\":5}";
        ApiClient.Answer first = api().post("/api/inventory/v1/stock/receipts", body).header("Idempotency-Key", key).token(stockRoom).send();
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        ApiClient.Answer retry = api().post("/api/inventory/v1/stock/receipts", body).header("Idempotency-Key", key).token(stockRoom).send();
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        ApiClient.Answer reused = api().post("/api/inventory/v1/stock/receipts", body.replace(":5}", ":50}"))
                .header("Idempotency-Key", key).token(stockRoom).send();
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(available(sku)).isEqualTo(5);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndAnotherGroupSeesAndChangesNothing() {
        String serial = "{\"locationId\":\"aurora-miami\",\"sku\":\"" + implant + "\",\"serial\":\"DUP-" + run + "\",\"expiresOn\":\"2030-01-01\"}";
        assertThat(api().post("/api/inventory/v1/stock/receipts", serial).token(stockRoom).send().status()).isEqualTo(201);
        ApiClient.Answer again = api().post("/api/inventory/v1/stock/receipts", serial).token(stockRoom).send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("serial-exists");
        assertProblem(api().post("/api/inventory/v1/stock/receipts", "{\"locationId\":\"aurora-miami\",\"udi\":\"(01)09504000059119(10)X\"}")
                .token(stockRoom).send(), 400, "udi");
        assertProblem(api().post("/api/inventory/v1/stock/receipts", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":-3}")
                .token(stockRoom).send(), 400, "quantity");
        assertProblem(api().post("/api/inventory/v1/stock/receipts", "{\"locationId\":\"aurora-miami\",\"sku\":\"NOPE-" + run + "\",\"quantity\":3}")
                .token(stockRoom).send(), 400, "sku");
        assertProblem(api().post("/api/inventory/v1/stock/receipts", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"quantity\":3}")
                .token(stockRoom).send(), 400, "lot");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":2}");
        String bucket = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + suture).token(stockRoom).send().json().get(0).get("id").asString();
        assertThat(api().post("/api/inventory/v1/stock/write-offs", "{\"bucketId\":\"" + bucket + "\",\"quantity\":5,\"reason\":\"WASTE\"}")
                .token(stockRoom).send().status()).isEqualTo(422);

        assertThat(api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + suture).token(belmont).send().json().size()).isZero();
        assertThat(api().get("/api/inventory/v1/items/" + suture).token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/inventory/v1/stock/write-offs", "{\"bucketId\":\"" + bucket + "\",\"quantity\":1,\"reason\":\"WASTE\"}")
                .token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture
                + "\",\"quantity\":1,\"reference\":\"b\"}").token(belmont).send().status()).isIn(400, 409);
        assertThat(available(suture)).isEqualTo(2);
    }

    @Test
    void replenishmentSuggestsWhatToOrderAPurchaseOrderIsReceivedLineByLineAndStockMovesBetweenClinics() {
        String manager = TestIdentity.token().subject("inv-manager").tenant("aurora").locations("aurora-miami", "aurora-beverly-hills")
                .roles("INVENTORY").sign();
        api().put("/api/inventory/v1/items/" + suture, "{\"name\":\"Suture\",\"category\":\"DISPOSABLE\",\"unit\":\"each\",\"unitsPerPack\":12,"
                + "\"tracking\":\"NONE\",\"expires\":false,\"vendors\":[{\"vendorId\":\"medline\",\"vendorName\":\"Medline\",\"packPrice\":48.60,"
                + "\"currency\":\"USD\"},{\"vendorId\":\"mckesson\",\"vendorName\":\"McKesson\",\"packPrice\":45.10,\"currency\":\"USD\"}]}")
                .token(stockRoom).send();
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + suture, "{\"parLevel\":30,\"reorderPoint\":10}").token(stockRoom).send().status()).isEqualTo(200);
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":4}");
        JsonNode suggestion = null;
        for (JsonNode s : api().get("/api/inventory/v1/replenishment?locationId=aurora-miami").token(stockRoom).send().json()) {
            if (s.get("sku").asString().equals(suture)) {
                suggestion = s;
            }
        }
        assertThat(suggestion.get("suggestedUnits").asInt()).isEqualTo(26);
        assertThat(suggestion.get("suggestedPacks").asInt()).isEqualTo(3);
        assertThat(suggestion.get("vendorId").asString()).isEqualTo("mckesson");

        String order = api().post("/api/inventory/v1/purchase-orders", "{\"locationId\":\"aurora-miami\",\"vendorId\":\"mckesson\",\"lines\":[{\"sku\":\""
                + suture + "\",\"packs\":3}]}").token(stockRoom).send().json().get("id").asString();
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/approval", "{}").token(stockRoom).send().status()).isEqualTo(403);
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":12}")
                .token(stockRoom).send().status()).isEqualTo(409);
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/approval", "{}").token(manager).send().json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/sent", "{}").token(manager).send().status()).isEqualTo(200);
        JsonNode partial = api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":24}")
                .token(stockRoom).header("Idempotency-Key", "po-1-" + run).send().json();
        assertThat(partial.get("status").asString()).isEqualTo("PARTIALLY_RECEIVED");
        ApiClient.Answer retried = api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":24}")
                .token(stockRoom).header("Idempotency-Key", "po-1-" + run).send();
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("PARTIALLY_RECEIVED");
        ApiClient.Answer reused = api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":2}")
                .token(stockRoom).header("Idempotency-Key", "po-1-" + run).send();
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":13}")
                .token(stockRoom).send().status()).isEqualTo(422);
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":12}")
                .token(stockRoom).send().json().get("status").asString()).isEqualTo("RECEIVED");
        assertThat(available(suture)).isEqualTo(40);

        String bucket = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + suture).token(stockRoom).send().json().get(0).get("id").asString();
        JsonNode transfer = api().post("/api/inventory/v1/transfers", "{\"bucketId\":\"" + bucket + "\",\"toLocationId\":\"aurora-beverly-hills\",\"quantity\":15}")
                .token(manager).send().json();
        assertThat(transfer.get("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(available(suture)).isEqualTo(25);
        assertThat(api().post("/api/inventory/v1/transfers/" + transfer.get("id").asString() + "/receipt", "{}").token(manager).send()
                .json().get("status").asString()).isEqualTo("RECEIVED");
        int there = 0;
        for (JsonNode b : api().get("/api/inventory/v1/stock?locationId=aurora-beverly-hills&sku=" + suture).token(manager).send().json()) {
            there += b.get("available").asInt();
        }
        assertThat(there).isEqualTo(15);
    }

    @Test
    void belowReorderPointIsPublishedOncePerCrossingAndAgainAfterItWasReplenished() {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":8}");
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + suture, "{\"parLevel\":10,\"reorderPoint\":5}").token(stockRoom)
                .send().status()).isEqualTo(200); // 8: at or above 5, nothing to tell
        String bucket = bucketOf(suture);
        writeOff(bucket, 2); // 6: still at or above 5
        writeOff(bucket, 2); // 4: crosses below -> one alert
        writeOff(bucket, 1); // 3: still below -> nothing more
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":5}"); // 8: re-armed
        writeOff(bucket, 6); // 2: crosses below again -> the second alert
        List<String> alerts = eventsOf(Topics.INVENTORY_STOCK, suture, "below-reorder-point", list -> list.stream().anyMatch(p -> p.contains("\"available\":2")));
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0)).contains("\"available\":4").contains("\"reorderPoint\":5").contains("\"locationId\":\"aurora-miami\"");
        assertThat(alerts.get(1)).contains("\"available\":2");
        JsonNode report = api().get("/api/inventory/v1/alerts?locationId=aurora-miami").token(stockRoom).send().json();
        assertThat(report.get("belowReorderPoint").toString()).contains(suture);
    }

    @Test
    void aKitThatFailsOnALaterLineRaisesNoBelowReorderPointForTheLinesItBrieflyHeld() {
        String held = "KITHELD-" + run;
        String missing = "KITMISSING-" + run;
        item(held, "DISPOSABLE", "NONE", false, "Ethicon", null);
        item(missing, "DISPOSABLE", "NONE", false, "Ethicon", null);
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + held + "\",\"quantity\":6}");
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + held, "{\"parLevel\":10,\"reorderPoint\":5}").token(stockRoom)
                .send().status()).isEqualTo(200);
        String type = "kitfail-" + run.toLowerCase();
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + held + "\":2,\"" + missing + "\":1}}").token(stockRoom)
                .send().status()).isEqualTo(200);
        String id = "apt-kitfail-" + run;
        Instant start = Instant.now().plus(Duration.ofDays(10));
        publish(new AppointmentBooked(id, "pat-k", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"), start, start.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(caseStatus(id)));
        assertThat(available(held)).isEqualTo(6);
        // a real crossing afterwards (6 -> 3) is told; it is the only alert of the item at the clinic (same key, same
        // partition: an alert raised while the kit held 2 of the 6, at 4, would come before it)
        writeOff(bucketOf(held), 3);
        List<String> alerts = eventsOf(Topics.INVENTORY_STOCK, held, "below-reorder-point",
                list -> list.stream().anyMatch(p -> p.contains("\"available\":3")));
        assertThat(alerts).hasSize(1);
    }

    @Autowired
    StoredIdUpgrade upgrade;

    @Test
    void devicesAndParLevelsStoredUnderBareIdsAreFoundAgainAfterTheUpgrade() {
        String device = "laser-" + run.toLowerCase();
        assertThat(api().put("/api/inventory/v1/equipment/" + device, "{\"locationId\":\"aurora-miami\",\"name\":\"CO2 laser\",\"kind\":\"LASER\"}")
                .token(stockRoom).send().status()).isEqualTo(200);
        String sku = "BARE-" + run;
        item(sku, "DISPOSABLE", "NONE", false, "Ethicon", null);
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + sku + "\",\"quantity\":6}");
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + sku, "{\"parLevel\":10,\"reorderPoint\":5}").token(stockRoom)
                .send().status()).isEqualTo(200);
        // what the code before per-group ids wrote: the device under its bare id (no equipmentId field), the par level under clinic|sku
        Document storedDevice = mongo.getCollection("equipment").findOneAndDelete(new Document("_id", "aurora|" + device));
        storedDevice.put("_id", device);
        storedDevice.remove("equipmentId");
        mongo.getCollection("equipment").insertOne(storedDevice);
        Document storedLevel = mongo.getCollection("par_levels").findOneAndDelete(new Document("_id", "aurora|aurora-miami|" + sku));
        storedLevel.put("_id", "aurora-miami|" + sku);
        mongo.getCollection("par_levels").insertOne(storedLevel);
        assertThat(api().post("/api/inventory/v1/equipment/" + device + "/out-of-service", "{\"reason\":\"service\"}").token(stockRoom)
                .send().status()).as("not found under the bare id before the upgrade").isEqualTo(404);

        upgrade.run();
        upgrade.run(); // a second replica starting, or a restart: nothing more to do

        ApiClient.Answer out = api().post("/api/inventory/v1/equipment/" + device + "/out-of-service", "{\"reason\":\"service\"}").token(stockRoom).send();
        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.json().get("id").asString()).isEqualTo(device);
        assertThat(mongo.getCollection("equipment").countDocuments(new Document("_id", device))).isZero();
        // the par level is honoured again: 6 -> 3 crosses its reorder point
        writeOff(bucketOf(sku), 3);
        assertThat(eventsOf(Topics.INVENTORY_STOCK, sku, "below-reorder-point", list -> !list.isEmpty())).hasSize(1);
        assertThat(mongo.getCollection("par_levels").countDocuments(new Document("_id", "aurora|aurora-miami|" + sku))).isEqualTo(1);
    }

    @Test
    void theExpirySweepTellsEachThresholdOncePerLotAndQuarantinesExpiredStock() {
        LocalDate today = LocalDate.now();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"L90\",\"expiresOn\":\"" + today.plusDays(80) + "\",\"quantity\":2}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"L60\",\"expiresOn\":\"" + today.plusDays(50) + "\",\"quantity\":2}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"L30\",\"expiresOn\":\"" + today.plusDays(20) + "\",\"quantity\":2}");
        receive("{\"locationId\":\"aurora-miami\",\"place\":\"fridge\",\"sku\":\"" + filler + "\",\"lot\":\"L30\",\"expiresOn\":\"" + today.plusDays(20) + "\",\"quantity\":1}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"FAR\",\"expiresOn\":\"" + today.plusDays(200) + "\",\"quantity\":2}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"DEAD\",\"expiresOn\":\"" + today.minusDays(2) + "\",\"quantity\":4}");
        eventsOf(Topics.INVENTORY_STOCK, filler, "stock.expiring", list -> list.stream().filter(p -> p.contains("\"lot\":\"L")).count() >= 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + filler)
                .token(stockRoom).send().json().toString().matches(".*\"lot\":\"DEAD\"[^}]*\"quarantined\":true.*"));
        // a lot received later is told by a later sweep; by then the earlier lots were swept again and told nothing more
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"LATER\",\"expiresOn\":\"" + today.plusDays(25) + "\",\"quantity\":1}");
        List<String> told = eventsOf(Topics.INVENTORY_STOCK, filler, "stock.expiring", list -> list.stream().anyMatch(p -> p.contains("\"lot\":\"LATER\"")));
        assertThat(told.stream().filter(p -> p.contains("\"lot\":\"L90\"")).toList()).singleElement(InstanceOfAssertFactories.STRING).contains("\"withinDays\":90");
        assertThat(told.stream().filter(p -> p.contains("\"lot\":\"L60\"")).toList()).singleElement(InstanceOfAssertFactories.STRING).contains("\"withinDays\":60");
        assertThat(told.stream().filter(p -> p.contains("\"lot\":\"L30\"")).toList()).singleElement(InstanceOfAssertFactories.STRING).contains("\"withinDays\":30");
        assertThat(told).noneMatch(p -> p.contains("\"lot\":\"FAR\"") || p.contains("\"lot\":\"DEAD\""));
        // the expired lot is still on hand (to be written off) but can never be reserved, even for a case without a date
        JsonNode dead = null;
        for (JsonNode b : api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + filler).token(stockRoom).send().json()) {
            if ("DEAD".equals(b.get("lot").asString())) {
                dead = b;
            }
        }
        assertThat(dead.get("onHand").asInt()).isEqualTo(4);
        assertThat(dead.get("reserved").asInt()).isZero();
        assertThat(api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler
                + "\",\"quantity\":11,\"reference\":\"x\"}").token(stockRoom).send().status()).isEqualTo(409);
        assertThat(api().get("/api/inventory/v1/alerts?locationId=aurora-miami").token(stockRoom).send().json()
                .get("expiredOrQuarantined").toString()).contains("DEAD");
    }

    @Test
    void aSurgeryAtSixInTheMorningInSydneyIsReservedForTheClinicsDayNotTheUtcOne() {
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        String clinic = "aurora-sydney-" + run.toLowerCase();
        String staff = TestIdentity.token().subject("inv-2").tenant("aurora").locations(clinic).roles("INVENTORY").sign();
        clinicIn(clinic, "Australia/Sydney");
        // 06:00 in Sydney is always the day before in UTC (UTC+10 or +11)
        LocalDate surgeryDay = LocalDate.now(sydney).plusDays(20);
        Instant start = ZonedDateTime.of(surgeryDay, LocalTime.of(6, 0), sydney).toInstant();
        assertThat(start.atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(surgeryDay.minusDays(1));
        // a lot that expires on the surgery day (no longer usable that day) and a good one
        receiveAt(staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"" + filler + "\",\"lot\":\"ONDAY\",\"expiresOn\":\"" + surgeryDay + "\",\"quantity\":5}");
        receiveAt(staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"" + filler + "\",\"lot\":\"GOOD\",\"expiresOn\":\"" + surgeryDay.plusDays(100) + "\",\"quantity\":5}");
        String type = "lift-" + run.toLowerCase();
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + filler + "\":2}}").token(staff).send().status()).isEqualTo(200);
        String appointment = "apt-syd-" + run;
        publish(clinic, new AppointmentBooked(appointment, "pat-s", clinic, type, "SURGERY", List.of("dr-1"), List.of("or-1"),
                start, start.plusSeconds(10800)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(api().get("/api/inventory/v1/cases/" + appointment)
                .token(staff).send().json().path("status").asString(null)));
        JsonNode stock = api().get("/api/inventory/v1/stock?locationId=" + clinic + "&sku=" + filler).token(staff).send().json();
        for (JsonNode bucket : stock) {
            assertThat(bucket.get("reserved").asInt()).as(bucket.get("lot").asString()).isEqualTo("GOOD".equals(bucket.get("lot").asString()) ? 2 : 0);
        }
    }

    @Test
    void expiryThresholdsAndQuarantineCountTheClinicsDaysFarFromUtc() {
        // whatever the hour, one of these clinics is on another date than UTC: Kiritimati (UTC+14) from 10:00 UTC on,
        // Pago Pago (UTC-11) before 11:00 UTC
        boolean ahead = Instant.now().atZone(ZoneOffset.UTC).getHour() >= 10;
        String zone = ahead ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
        String clinic = "aurora-" + (ahead ? "kiritimati-" : "pago-") + run.toLowerCase();
        String staff = TestIdentity.token().subject("inv-3").tenant("aurora").locations(clinic).roles("INVENTORY").sign();
        clinicIn(clinic, zone);
        LocalDate clinicToday = LocalDate.now(ZoneId.of(zone));
        LocalDate utcToday = LocalDate.now(ZoneOffset.UTC);
        assertThat(clinicToday).isEqualTo(ahead ? utcToday.plusDays(1) : utcToday.minusDays(1));
        // EDGE expires on the one of the two dates where the clinic's and UTC's verdicts differ: on the clinic's today
        // ahead of UTC (expired there, not in UTC), on UTC's today behind it (still good there for a day, 1 day left)
        LocalDate edge = ahead ? clinicToday : utcToday;
        // BOUND is 30 clinic days away ahead of UTC (31 in UTC), 31 clinic days away behind it (30 in UTC)
        LocalDate bound = clinicToday.plusDays(ahead ? 30 : 31);
        receiveAt(staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"" + filler + "\",\"lot\":\"EDGE\",\"expiresOn\":\"" + edge + "\",\"quantity\":2}");
        receiveAt(staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"" + filler + "\",\"lot\":\"BOUND\",\"expiresOn\":\"" + bound + "\",\"quantity\":2}");
        String key = filler;
        List<String> told = eventsOf(Topics.INVENTORY_STOCK, key, "stock.expiring", list -> list.stream().anyMatch(p -> p.contains("\"lot\":\"BOUND\""))
                && (ahead || list.stream().anyMatch(p -> p.contains("\"lot\":\"EDGE\""))));
        assertThat(told.stream().filter(p -> p.contains("\"lot\":\"BOUND\"")).toList()).singleElement(InstanceOfAssertFactories.STRING)
                .contains("\"withinDays\":" + (ahead ? 30 : 60));
        JsonNode alerts = api().get("/api/inventory/v1/alerts?locationId=" + clinic).token(staff).send().json();
        assertThat(alerts.get("expiring").toString()).contains("\"lot\":\"BOUND\"").contains("\"withinDays\":" + (ahead ? 30 : 60));
        if (ahead) {
            // expired at the clinic: quarantined by the sweep, never told "expiring"
            await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/inventory/v1/stock?locationId=" + clinic + "&sku=" + filler)
                    .token(staff).send().json().toString().matches(".*\"lot\":\"EDGE\"[^}]*\"quarantined\":true.*"));
            assertThat(told).noneMatch(p -> p.contains("\"lot\":\"EDGE\""));
            assertThat(api().get("/api/inventory/v1/alerts?locationId=" + clinic).token(staff).send().json()
                    .get("expiredOrQuarantined").toString()).contains("\"lot\":\"EDGE\"");
        } else {
            // a day left at the clinic: told "30", still reservable, not quarantined
            assertThat(told.stream().filter(p -> p.contains("\"lot\":\"EDGE\"")).toList()).singleElement(InstanceOfAssertFactories.STRING)
                    .contains("\"withinDays\":30");
            assertThat(api().get("/api/inventory/v1/stock?locationId=" + clinic + "&sku=" + filler).token(staff).send().json().toString())
                    .doesNotMatch(".*\"lot\":\"EDGE\"[^}]*\"quarantined\":true.*");
            ApiClient.Answer reserved = api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"" + clinic + "\",\"sku\":\""
                    + filler + "\",\"quantity\":1,\"reference\":\"today\"}").token(staff).send();
            assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
            assertThat(reserved.json().get(0).get("lot").asString()).isEqualTo("EDGE");
        }
    }

    @Test
    void aRedeliveredBookingFinishesAReservationThatStoppedHalfWayWithoutHoldingAnythingTwice() {
        String type = "rhinoplasty-" + run.toLowerCase();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":10}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + implant + "\",\"serial\":\"SN-" + run + "-1\",\"expiresOn\":\"2030-01-01\"}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + implant + "\",\"serial\":\"SN-" + run + "-2\",\"expiresOn\":\"2030-01-01\"}");
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + implant + "\":1,\"" + suture + "\":4}}").token(stockRoom)
                .send().status()).isEqualTo(200);
        String id = "apt-crash-" + run;
        Instant start = Instant.now().plus(Duration.ofDays(10));
        // the state a crash half-way through the first try leaves: the case RESERVING, one implant and 3 of the 4 sutures
        // held under the first try's reference, nothing recorded on the case
        mongo.getCollection("case_reservations").insertOne(new Document("_id", id).append("tenantId", "aurora").append("_v", 1L)
                .append("_outbox", List.of()).append("patientId", "pat-c").append("locationId", "aurora-miami").append("appointmentTypeId", type)
                .append("start", Date.from(start)).append("status", "RESERVING").append("allocations", List.of()).append("shortages", List.of())
                .append("actualUse", List.of()).append("updatedAt", new Date()));
        holdDirectly(bucketOf(suture), 3, "reserve:case:" + id + ":" + bucketOf(suture) + ":0", "case:" + id);
        String serialBucket = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + implant).token(stockRoom).send().json()
                .get(0).get("id").asString();
        holdDirectly(serialBucket, 1, "reserve:case:" + id + ":" + serialBucket + ":0", "case:" + id);
        assertThat(reserved(suture)).isEqualTo(3);

        AppointmentBooked booked = new AppointmentBooked(id, "pat-c", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"),
                start, start.plusSeconds(7200));
        publish(booked);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(id)));
        assertThat(reserved(suture)).isEqualTo(4);
        assertThat(available(suture)).isEqualTo(6);
        assertThat(reserved(implant)).isEqualTo(1);
        assertThat(available(implant)).isEqualTo(1);
        JsonNode reservation = api().get("/api/inventory/v1/cases/" + id).token(stockRoom).send().json();
        int held = 0;
        for (JsonNode a : reservation.get("allocations")) {
            held += a.get("quantity").asInt();
        }
        assertThat(held).isEqualTo(5);

        // delivered once more (another redelivery): the case is RESERVED, nothing more is held
        publish(new AppointmentBooked(id, "pat-c", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"), start, start.plusSeconds(7200)));
        // and its cancellation gives everything back
        publish(new AppointmentCancelled(id, "pat-c", "aurora-miami", type, "SURGERY", start, "PATIENT_REQUEST", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(caseStatus(id)));
        assertThat(reserved(suture)).isZero();
        assertThat(available(suture)).isEqualTo(10);
        assertThat(reserved(implant)).isZero();
        assertThat(available(implant)).isEqualTo(2);
    }

    @Test
    void aCaseMovedPastItsLotsExpiryIsReservedAgainAndItsCancellationGivesEverythingBack() {
        String type = "fat-transfer-" + run.toLowerCase();
        LocalDate today = LocalDate.now();
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"SHORT\",\"expiresOn\":\"" + today.plusDays(15) + "\",\"quantity\":1}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"LONG\",\"expiresOn\":\"" + today.plusDays(300) + "\",\"quantity\":1}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":6}");
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + filler + "\":1,\"" + suture + "\":4}}").token(stockRoom)
                .send().status()).isEqualTo(200);
        String id = "apt-moved-" + run;
        Instant start = Instant.now().plus(Duration.ofDays(10));
        publish(new AppointmentBooked(id, "pat-m", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"), start, start.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(id)));
        assertThat(api().get("/api/inventory/v1/cases/" + id).token(stockRoom).send().json().get("allocations").toString()).contains("SHORT");
        // moved past the SHORT lot's expiry: the kit is given back and reserved again (the sutures from the same stock)
        Instant later = Instant.now().plus(Duration.ofDays(20));
        publish(new AppointmentRescheduled(id, "pat-m", "aurora-miami", type, "SURGERY", List.of("dr-1"), List.of("or-1"), start, later,
                later.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/inventory/v1/cases/" + id).token(stockRoom).send().json()
                .get("allocations").toString().contains("LONG"));
        assertThat(reserved(suture)).isEqualTo(4);
        assertThat(reserved(filler)).isEqualTo(1);
        publish(new AppointmentCancelled(id, "pat-m", "aurora-miami", type, "SURGERY", later, "PATIENT_REQUEST", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(caseStatus(id)));
        assertThat(reserved(suture)).isZero();
        assertThat(reserved(filler)).isZero();
        assertThat(available(suture)).isEqualTo(6);
    }

    @Test
    void aCaseCancelledWhileItsReservationStoodHalfDoneHoldsNothing() {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":10}");
        String id = "apt-crash-cancel-" + run;
        Instant start = Instant.now().plus(Duration.ofDays(10));
        mongo.getCollection("case_reservations").insertOne(new Document("_id", id).append("tenantId", "aurora").append("_v", 1L)
                .append("_outbox", List.of()).append("patientId", "pat-d").append("locationId", "aurora-miami").append("appointmentTypeId", "t-" + run)
                .append("start", Date.from(start)).append("status", "RESERVING").append("allocations", List.of()).append("shortages", List.of())
                .append("actualUse", List.of()).append("updatedAt", new Date()));
        holdDirectly(bucketOf(suture), 3, "reserve:case:" + id + ":" + bucketOf(suture) + ":0", "case:" + id);
        publish(new AppointmentCancelled(id, "pat-d", "aurora-miami", "t-" + run, "SURGERY", start, "PATIENT_REQUEST", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(caseStatus(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reserved(suture) == 0);
        assertThat(available(suture)).isEqualTo(10);
    }

    @Test
    void anotherGroupSeesAndChangesNothingOfCasesKitsRecallsEquipmentOrdersTransfersAlertsAndParLevels() {
        String manager = TestIdentity.token().subject("inv-manager").tenant("aurora").locations("aurora-miami", "aurora-beverly-hills")
                .roles("INVENTORY").sign();
        String type = "fillers-" + run.toLowerCase();
        String lot = "TEN-" + run;
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + filler + "\",\"lot\":\"" + lot + "\",\"expiresOn\":\"" + LocalDate.now().plusDays(300) + "\",\"quantity\":5}");
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":20}");
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + filler + "\":1}}").token(stockRoom).send().status()).isEqualTo(200);
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + filler, "{\"parLevel\":30,\"reorderPoint\":10}").token(stockRoom).send().status()).isEqualTo(200);
        String used = "apt-ten-u-" + run;
        String open = "apt-ten-o-" + run;
        for (String id : List.of(used, open)) {
            publish(new AppointmentBooked(id, "pat-t", "aurora-miami", type, "PROCEDURE", List.of("dr-1"), List.of(),
                    Instant.now().plus(Duration.ofDays(3)), Instant.now().plus(Duration.ofDays(3)).plusSeconds(1800)));
            await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(id)));
        }
        publish(new AppointmentCompleted(used, "pat-t", "aurora-miami", type, "PROCEDURE", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONSUMED".equals(caseStatus(used)));
        String device = "laser-" + run.toLowerCase();
        assertThat(api().put("/api/inventory/v1/equipment/" + device, "{\"locationId\":\"aurora-miami\",\"name\":\"CO2 laser\",\"kind\":\"laser\"}")
                .token(stockRoom).send().status()).isEqualTo(200);
        String order = api().post("/api/inventory/v1/purchase-orders", "{\"locationId\":\"aurora-miami\",\"vendorId\":\"mckesson\",\"lines\":[{\"sku\":\""
                + suture + "\",\"packs\":1}]}").token(stockRoom).send().json().get("id").asString();
        String sutures = bucketOf(suture);
        String transfer = api().post("/api/inventory/v1/transfers", "{\"bucketId\":\"" + sutures + "\",\"toLocationId\":\"aurora-beverly-hills\",\"quantity\":5}")
                .token(manager).send().json().get("id").asString();
        String before = stockOf(filler) + stockOf(suture);

        // cases: another group's case and an unknown one are the same 404 problem, for a read and for a write
        String usage = "{\"items\":[{\"sku\":\"" + filler + "\",\"quantity\":1}]}";
        ApiClient.Answer theirCase = api().get("/api/inventory/v1/cases/" + open).token(belmont).send();
        List<ApiClient.Answer> caseProbes = List.of(theirCase,
                api().get("/api/inventory/v1/cases/unknown-" + open).token(stockRoom).send(),
                api().post("/api/inventory/v1/cases/" + open + "/usage", usage).token(belmont).send(),
                api().post("/api/inventory/v1/cases/unknown-" + open + "/usage", usage).token(stockRoom).send());
        for (ApiClient.Answer probe : caseProbes) {
            assertThat(probe.status()).as(probe.toString()).isEqualTo(404);
            assertThat(probe.header("Content-Type")).startsWith("application/problem+json");
            assertThat(probe.json().get("detail").asString()).isEqualTo(theirCase.json().get("detail").asString());
        }
        assertThat(caseStatus(open)).isEqualTo("RESERVED");
        // kits: another group's kit under the same name is its own; aurora's is untouched (checked by a booking below)
        String theirs = "B-" + suture;
        assertThat(api().put("/api/inventory/v1/items/" + theirs, "{\"name\":\"Suture\",\"category\":\"DISPOSABLE\",\"unit\":\"each\","
                + "\"unitsPerPack\":1,\"tracking\":\"NONE\",\"expires\":false}").token(belmont).send().status()).isEqualTo(200);
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + suture + "\":9}}").token(belmont).send().status()).isEqualTo(400);
        assertThat(api().put("/api/inventory/v1/kits/" + type, "{\"items\":{\"" + theirs + "\":9}}").token(belmont).send().status()).isEqualTo(200);
        // recalls: neither the query nor raising one reaches aurora's cases or quarantines its stock
        assertThat(api().get("/api/inventory/v1/recalls/affected-cases?manufacturer=Allergan&lot=" + lot).token(belmont).send().json().size()).isZero();
        ApiClient.Answer recall = api().post("/api/inventory/v1/recalls", "{\"manufacturer\":\"Allergan\",\"sku\":\"" + filler + "\",\"lot\":\"" + lot
                + "\",\"reason\":\"probe\"}").token(belmont).send();
        assertThat(recall.status()).isEqualTo(201);
        assertThat(recall.json().get("appointmentIds").size()).isZero();
        assertThat(recall.json().get("patientIds").size()).isZero();
        assertThat(recall.json().get("quarantinedBuckets").asLong()).isZero();
        // equipment
        assertThat(api().get("/api/inventory/v1/equipment?locationId=aurora-miami").token(belmont).send().json().size()).isZero();
        assertThat(api().post("/api/inventory/v1/equipment/" + device + "/out-of-service", "{\"reason\":\"probe\"}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/inventory/v1/equipment/" + device + "/back-in-service", "{}").token(belmont).send().status()).isEqualTo(404);
        // a device of their own under the same id is theirs alone
        assertThat(api().put("/api/inventory/v1/equipment/" + device, "{\"locationId\":\"belmont-chicago\",\"name\":\"Laser\",\"kind\":\"laser\"}")
                .token(belmont).send().status()).isEqualTo(200);
        assertThat(api().get("/api/inventory/v1/equipment?locationId=aurora-miami").token(belmont).send().json().size()).isZero();
        // purchase orders
        for (String step : List.of("approval", "sent", "closure")) {
            assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/" + step, "{}").token(belmont).send().status()).as(step).isEqualTo(404);
        }
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":1}")
                .token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/inventory/v1/replenishment?locationId=aurora-miami").token(belmont).send().json().size()).isZero();
        // transfers and stock
        assertThat(api().post("/api/inventory/v1/transfers", "{\"bucketId\":\"" + sutures + "\",\"toLocationId\":\"belmont-chicago\",\"quantity\":1}")
                .token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/inventory/v1/transfers/" + transfer + "/receipt", "{}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/inventory/v1/stock/adjustments", "{\"bucketId\":\"" + sutures + "\",\"delta\":-1,\"reason\":\"probe\"}")
                .token(belmont).send().status()).isEqualTo(404);
        // alerts and par levels
        JsonNode alerts = api().get("/api/inventory/v1/alerts?locationId=aurora-miami").token(belmont).send().json();
        assertThat(alerts.get("belowReorderPoint").size() + alerts.get("expiring").size() + alerts.get("expiredOrQuarantined").size()).isZero();
        assertThat(api().put("/api/inventory/v1/par-levels/aurora-miami/" + filler, "{\"parLevel\":1,\"reorderPoint\":0}").token(belmont).send().status())
                .isEqualTo(200); // their own par level for a clinic name they chose; aurora's is untouched (below)
        // an item of their own under the same SKU is theirs alone
        assertThat(api().get("/api/inventory/v1/items/" + suture).token(belmont).send().status()).isEqualTo(404);
        assertThat(api().put("/api/inventory/v1/items/" + suture, "{\"name\":\"Theirs\",\"category\":\"DISPOSABLE\",\"unit\":\"each\","
                + "\"unitsPerPack\":1,\"tracking\":\"NONE\",\"expires\":false}").token(belmont).send().status()).isEqualTo(200);
        assertThat(api().get("/api/inventory/v1/items/" + suture).token(belmont).send().json().get("name").asString()).isEqualTo("Theirs");

        // aurora's data is as it was
        JsonNode ours = api().get("/api/inventory/v1/items/" + suture).token(stockRoom).send().json();
        assertThat(ours.get("name").asString()).isEqualTo(suture);
        assertThat(ours.get("sku").asString()).isEqualTo(suture);
        assertThat(ours.has("storedId")).isFalse();
        assertThat(stockOf(filler) + stockOf(suture)).isEqualTo(before);
        assertThat(api().get("/api/inventory/v1/cases/" + open).token(stockRoom).send().json().get("actualUse").size()).isZero();
        assertThat(api().get("/api/inventory/v1/recalls/affected-cases?manufacturer=Allergan&lot=" + lot).token(stockRoom).send().json().size()).isEqualTo(1);
        JsonNode auroraAlerts = api().get("/api/inventory/v1/alerts?locationId=aurora-miami").token(stockRoom).send().json();
        assertThat(auroraAlerts.get("belowReorderPoint").toString()).contains("\"sku\":\"" + filler + "\"").contains("\"reorderPoint\":10");
        JsonNode devices = api().get("/api/inventory/v1/equipment?locationId=aurora-miami").token(stockRoom).send().json();
        assertThat(devices.toString()).contains(device);
        for (JsonNode d : devices) {
            if (device.equals(d.get("id").asString())) {
                assertThat(d.get("inService").asBoolean()).isTrue();
            }
        }
        assertThat(api().post("/api/inventory/v1/purchase-orders/" + order + "/approval", "{}").token(manager).send().json().get("status").asString())
                .isEqualTo("APPROVED");
        assertThat(api().post("/api/inventory/v1/transfers/" + transfer + "/receipt", "{}").token(manager).send().json().get("status").asString())
                .isEqualTo("RECEIVED");
        // the kit is aurora's own still: a new booking reserves 1 filler, not 9 sutures
        String later = "apt-ten-l-" + run;
        publish(new AppointmentBooked(later, "pat-t", "aurora-miami", type, "PROCEDURE", List.of("dr-1"), List.of(),
                Instant.now().plus(Duration.ofDays(4)), Instant.now().plus(Duration.ofDays(4)).plusSeconds(1800)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(caseStatus(later)));
        assertThat(api().get("/api/inventory/v1/cases/" + later).token(stockRoom).send().json().get("allocations").toString()).contains(filler)
                .doesNotContain(suture);
    }

    @Test
    void takingADeviceOutOfServiceAndBackPublishesEachOnTheEquipmentTopic() {
        String device = "anesthesia-" + run.toLowerCase();
        assertThat(api().put("/api/inventory/v1/equipment/" + device, "{\"locationId\":\"aurora-miami\",\"name\":\"Anesthesia machine\","
                + "\"kind\":\"anesthesia\",\"inspectionDueOn\":\"" + LocalDate.now().plusDays(30) + "\"}").token(stockRoom).send().status()).isEqualTo(200);
        JsonNode out = api().post("/api/inventory/v1/equipment/" + device + "/out-of-service", "{\"reason\":\"vaporizer leak\"}").token(stockRoom).send().json();
        assertThat(out.get("inService").asBoolean()).isFalse();
        // taking it out again changes nothing and publishes nothing more
        assertThat(api().post("/api/inventory/v1/equipment/" + device + "/out-of-service", "{\"reason\":\"vaporizer leak\"}").token(stockRoom).send().status())
                .isEqualTo(200);
        var outOfService = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.INVENTORY_EQUIPMENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> device.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").endsWith("out-of-service.v1")));
        ConsumerRecord<String, byte[]> first = outOfService.stream().filter(r -> device.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.header(first, "ce_type")).hasValue("health.liaison.inventory.equipment.out-of-service.v1");
        assertThat(TopicProbe.header(first, "ce_tenantid")).hasValue("aurora");
        assertThat(new String(first.value())).contains("\"equipmentId\":\"" + device + "\"").contains("\"locationId\":\"aurora-miami\"")
                .contains("\"reason\":\"vaporizer leak\"");

        JsonNode back = api().post("/api/inventory/v1/equipment/" + device + "/back-in-service", "{\"nextInspectionDueOn\":\""
                + LocalDate.now().plusDays(60) + "\"}").token(stockRoom).send().json();
        assertThat(back.get("inService").asBoolean()).isTrue();
        var all = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.INVENTORY_EQUIPMENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> device.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").endsWith("back-in-service.v1")));
        List<String> types = all.stream().filter(r -> device.equals(r.key())).map(r -> TopicProbe.header(r, "ce_type").orElse("")).toList();
        assertThat(types).containsExactly("health.liaison.inventory.equipment.out-of-service.v1", "health.liaison.inventory.equipment.back-in-service.v1");
        assertThat(new String(all.stream().filter(r -> device.equals(r.key())).toList().get(1).value()))
                .contains("\"equipmentId\":\"" + device + "\"").contains("\"locationId\":\"aurora-miami\"");
    }

    private void item(String sku, String category, String tracking, boolean expires, String manufacturer, String gtin) {
        ApiClient.Answer answer = api().put("/api/inventory/v1/items/" + sku, "{\"name\":\"" + sku + "\",\"category\":\"" + category
                + "\",\"unit\":\"each\",\"unitsPerPack\":1,\"tracking\":\"" + tracking + "\",\"expires\":" + expires + ",\"manufacturer\":\""
                + manufacturer + "\"" + (gtin == null ? "" : ",\"gtin\":\"" + gtin + "\"") + "}").token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private void receive(String body) {
        ApiClient.Answer answer = api().post("/api/inventory/v1/stock/receipts", body).token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    private JsonNode reserve(String sku, int quantity) {
        ApiClient.Answer answer = api().post("/api/inventory/v1/stock/reservations", "{\"locationId\":\"aurora-miami\",\"sku\":\"" + sku
                + "\",\"quantity\":" + quantity + ",\"reference\":\"r\"}").token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }

    private int available(String sku) {
        int sum = 0;
        for (JsonNode b : api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + sku).token(stockRoom).send().json()) {
            sum += b.get("available").asInt();
        }
        return sum;
    }

    private String caseStatus(String appointmentId) {
        ApiClient.Answer answer = api().get("/api/inventory/v1/cases/" + appointmentId).token(stockRoom).send();
        return answer.status() == 200 ? answer.json().get("status").asString() : null;
    }

    private String bucketOf(String sku) {
        return api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + sku).token(stockRoom).send().json().get(0).get("id").asString();
    }

    private void writeOff(String bucketId, int quantity) {
        ApiClient.Answer answer = api().post("/api/inventory/v1/stock/write-offs", "{\"bucketId\":\"" + bucketId + "\",\"quantity\":" + quantity
                + ",\"reason\":\"WASTE\"}").token(stockRoom).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private String stockOf(String sku) {
        return api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + sku).token(stockRoom).send().body();
    }

    private int reserved(String sku) {
        int sum = 0;
        for (JsonNode b : api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + sku).token(stockRoom).send().json()) {
            sum += b.get("reserved").asInt();
        }
        return sum;
    }

    /**
     * Puts stock on hold the way a reservation does, bypassing the service, and stops where a crash would: the
     * movement recorded PENDING, the bucket moved on with it as its last movement, the outcome never written down.
     */
    private void holdDirectly(String bucketId, int quantity, String movementId, String reference) {
        mongo.getCollection("stock_movements").insertOne(new Document("_id", bucketId + "|" + movementId).append("movementId", movementId)
                .append("bucketId", bucketId).append("tenantId", "aurora").append("type", "RESERVE").append("quantity", quantity)
                .append("reference", reference).append("at", new Date()).append("by", "system").append("state", "PENDING")
                .append("effect", new Document("inc", new Document("available", -quantity).append("reserved", quantity))
                        .append("set", new Document()).append("atLeast", new Document("available", quantity)).append("reservable", true)));
        long seq = mongo.getCollection("stock").find(new Document("_id", bucketId)).first().get("seq", Number.class).longValue();
        long modified = mongo.getCollection("stock").updateOne(new Document("_id", bucketId).append("seq", seq)
                        .append("available", new Document("$gte", quantity)),
                new Document("$inc", new Document("available", -quantity).append("reserved", quantity).append("seq", 1L).append("_v", 1L))
                        .append("$set", new Document("lastMovement", movementId).append("lastOutcome", "APPLIED")))
                .getModifiedCount();
        assertThat(modified).isEqualTo(1);
    }

    /** The payloads of one item's events of one kind on a topic, read until {@code until} holds for them. */
    private static List<String> eventsOf(String topic, String key, String type, java.util.function.Predicate<List<String>> until) {
        java.util.function.Function<List<ConsumerRecord<String, byte[]>>, List<String>> payloads = list -> list.stream()
                .filter(r -> key.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains(type))
                .map(r -> new String(r.value())).toList();
        return payloads.apply(TopicProbe.of(TestInfrastructure.get()).readUntil(topic, Duration.ofSeconds(30), list -> until.test(payloads.apply(list))));
    }

    private static void publish(DomainEvent event) {
        publish("aurora-miami", event);
    }

    private static void publish(String location, DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", location, event));
    }

    /** Scheduling defines a clinic of group aurora in {@code zone}; waits until inventory learnt it from the location topic. */
    private void clinicIn(String location, String zone) {
        var record = CloudEventRecords.of("/liaison/scheduling-service", "aurora", location, new LocationChanged(location, zone,
                Map.of(DayOfWeek.MONDAY, List.of(new LocationChanged.OpeningSpan(LocalTime.of(7, 0), LocalTime.of(19, 0)))), List.of(),
                Instant.now()));
        String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        TopicProbe.of(TestInfrastructure.get()).send(record);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getCollection("processed_events")
                .countDocuments(new Document("_id", "inventory-clinic-zones|" + id)) == 1);
    }

    private void receiveAt(String token, String body) {
        ApiClient.Answer answer = api().post("/api/inventory/v1/stock/receipts", body).token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    private static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String check(String gtin13) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int d = gtin13.charAt(i) - '0';
            sum += (i % 2 == 0) ? d * 3 : d;
        }
        return Integer.toString((10 - sum % 10) % 10);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(field == null ? n.asString() : n.get(field).asString()));
        return values;
    }

    private static void assertProblem(ApiClient.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body()).as(answer.toString()).contains("\"" + field + "\"");
    }
}
