package health.liaison.inventory;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stock that never goes negative, FEFO, kits reserved from real booking events, recalls, tenancy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class InventoryIT {

    @LocalServerPort
    int port;

    final String stockRoom = TestIdentity.token().subject("inv-1").tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
    final String belmont = TestIdentity.token().subject("inv-b").tenant("belmont").locations("belmont-chicago").roles("INVENTORY", "ADMIN").sign();
    String run;
    String implant;
    String suture;
    String filler;

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @BeforeEach
    void catalog() {
        run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        implant = "IMPL-" + run;
        suture = "SUT-" + run;
        filler = "FILL-" + run;
        item(implant, "IMPLANT", "SERIAL", true, "Mentor", "0950400005911" + check("0950400005911"));
        item(suture, "DISPOSABLE", "NONE", false, "Ethicon", null);
        item(filler, "INJECTABLE", "LOT", true, "Allergan", null);
    }

    @Test
    void ofThirtyConcurrentReservationsAgainstFiveUnitsExactlyFiveSucceedAndStockNeverGoesNegative() throws Exception {
        receive("{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":5}");
        List<Integer> statuses = concurrently(30, i -> api().post("/api/inventory/v1/stock/reservations",
                "{\"locationId\":\"aurora-miami\",\"sku\":\"" + suture + "\",\"quantity\":1,\"reference\":\"proc-" + i + "\"}").token(stockRoom).send().status());
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(25);
        JsonNode bucket = api().get("/api/inventory/v1/stock?locationId=aurora-miami&sku=" + suture).token(stockRoom).send().json().get(0);
        assertThat(bucket.get("onHand").asInt()).isEqualTo(5);
        assertThat(bucket.get("reserved").asInt()).isEqualTo(5);
        assertThat(bucket.get("available").asInt()).isZero();
        assertThat(bucket.get("movements").size()).isEqualTo(6);
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
        receive("{\"locationId\":\"aurora-miami\",\"udi\":\"(01)0950400005911" + check("0950400005911") + "(17)301231(10)LOT7(21)SN-" + run + "-1\"}");
        receive("{\"locationId\":\"aurora-miami\",\"udi\":\"(01)0950400005911" + check("0950400005911") + "(17)301231(10)LOT7(21)SN-" + run + "-2\"}");
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
                .token(belmont).send().status()).isEqualTo(400);
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
        api().post("/api/inventory/v1/purchase-orders/" + order + "/receipts", "{\"sku\":\"" + suture + "\",\"quantity\":24}")
                .token(stockRoom).header("Idempotency-Key", "po-1-" + run).send();
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

    private static void publish(DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami", event));
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

    private static List<Integer> concurrently(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<Integer> task = () -> {
                    start.await();
                    return call.apply(k);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
