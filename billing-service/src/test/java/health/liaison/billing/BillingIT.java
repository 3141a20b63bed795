package health.liaison.billing;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
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

/** Quotes, deposits, payments and refunds through real HTTP, the MongoDB wire protocol and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"liaison.billing.overdue-sweep-interval=PT1S",
                "liaison.billing.encryption.dev-key-directory=${java.io.tmpdir}/liaison-billing-test-keys"})
@RealInfrastructure
public class BillingIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String billing = TestIdentity.token().subject("billing-1").tenant("aurora").locations("aurora-miami").roles("BILLING").sign();
    final String coordinator = TestIdentity.token().subject("coord-1").tenant("aurora").locations("aurora-miami").roles("COORDINATOR").sign();
    final String admin = TestIdentity.token().subject("admin-1").tenant("aurora").locations("aurora-miami").roles("ADMIN").sign();
    final String belmont = TestIdentity.token().subject("b-1").tenant("belmont").locations("belmont-chicago").roles("BILLING", "ADMIN").sign();
    String type;
    String patient;

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @BeforeEach
    void feeSchedule() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        type = "breast-augmentation-" + run;
        patient = "pat-" + run;
        ApiClient.Answer schedule = api().put("/api/billing/v1/fee-schedules/aurora-miami/" + type, """
                {"currency":"USD","surgeonFee":6500.00,"surgeonFees":{"dr-vega":7200.00},"anesthesiaPer15Minutes":95.50,
                 "facilityFee":2200.00,"implantsAndSupplies":1850.00,"garments":120.00,"labs":85.00,
                 "taxRatePercent":7.25,"taxedLines":["GARMENTS"],"depositPercent":20,"depositDueDays":7,
                 "discountApprovalAbovePercent":10,"noShowFee":150.00,
                 "cancellation":[{"daysBefore":30,"refundPercent":100},{"daysBefore":14,"refundPercent":50}]}""")
                .token(billing).send();
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
    }

    @Test
    void aQuoteIsPricedExactlyAndAcceptingItCreatesOneDepositInvoice() {
        JsonNode quote = quote(0, null);
        // 7200 + 13 x 95.50 (3 h 10 min) + 2200 + 1850 + 120 + 85 = 12696.50; tax 7.25% of 120 = 8.70
        assertThat(quote.get("subtotal").decimalValue()).isEqualByComparingTo("12696.50");
        assertThat(quote.get("tax").decimalValue()).isEqualByComparingTo("8.70");
        assertThat(quote.get("total").decimalValue()).isEqualByComparingTo("12705.20");
        assertThat(quote.get("status").asString()).isEqualTo("ISSUED");
        String id = quote.get("id").asString();
        JsonNode accepted = api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{\"appointmentId\":\"apt-" + id + "\"}").token(coordinator).send().json();
        assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{}").token(coordinator).send().status()).isEqualTo(200);
        JsonNode deposit = api().get("/api/billing/v1/invoices/dep-" + id).token(billing).send().json();
        assertThat(deposit.get("total").decimalValue()).isEqualByComparingTo("2541.04");
        assertThat(deposit.get("kind").asString()).isEqualTo("DEPOSIT");
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("quoteId", id))).isEqualTo(1);
        // the stored amounts are exact decimals, never binary floating point
        Document stored = mongo.getCollection("invoices").find(new Document("_id", "dep-" + id)).first();
        assertThat(stored.get("total")).isNotInstanceOf(Double.class);
    }

    @Test
    void aDiscountAboveTheThresholdWaitsForAnotherPersonsApproval() {
        JsonNode quote = quote(20, "revision patient");
        assertThat(quote.get("status").asString()).isEqualTo("PENDING_APPROVAL");
        String id = quote.get("id").asString();
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{}").token(coordinator).send().status()).isEqualTo(409);
        String sameBillingUser = TestIdentity.token().subject("coord-1").tenant("aurora").locations("aurora-miami").roles("BILLING").sign();
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/approval", "{}").token(sameBillingUser).send().status()).isEqualTo(403);
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/approval", "{}").token(admin).send().json().get("status").asString()).isEqualTo("ISSUED");
        JsonNode revised = api().post("/api/billing/v1/quotes/" + id + "/revision", quoteBody(5, "loyalty")).token(coordinator).send().json();
        assertThat(revised.get("version").asInt()).isEqualTo(2);
        assertThat(revised.get("revisions").get(0).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void payingTheDepositPublishesDepositPaidAndTwentyConcurrentRetriesMakeOnePayment() throws Exception {
        String invoice = acceptedDeposit();
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":2541.04,\"currency\":\"USD\",\"tender\":\"CARD\",\"reference\":\"tok_visa_4242\"}";
        List<Integer> statuses = concurrently(20, i -> api().post("/api/billing/v1/invoices/" + invoice + "/payments", body)
                .token(billing).header("Idempotency-Key", key).send().status());
        assertThat(statuses).contains(201).doesNotContain(500, 422);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().post("/api/billing/v1/invoices/" + invoice + "/payments", body).token(billing)
                        .header("Idempotency-Key", key).send().status()).isEqualTo(200));
        JsonNode paid = api().get("/api/billing/v1/invoices/" + invoice).token(billing).send().json();
        assertThat(paid.get("payments").size()).isEqualTo(1);
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("balance").decimalValue()).isEqualByComparingTo("0");

        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("deposit.paid")));
        assertThat(events.stream().filter(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("deposit.paid")).count()).isEqualTo(1);
        assertThat(events.stream().filter(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("payment.received")).count()).isEqualTo(1);

        ApiClient.Answer reused = api().post("/api/billing/v1/invoices/" + invoice + "/payments", body.replace("2541.04", "10.00"))
                .token(billing).header("Idempotency-Key", key).send();
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("idempotency-key-reused");
    }

    @Test
    void concurrentRefundsOfOnePaymentNeverExceedIt() throws Exception {
        String invoice = acceptedDeposit();
        ApiClient.Answer paid = api().post("/api/billing/v1/invoices/" + invoice + "/payments",
                "{\"amount\":500.00,\"currency\":\"USD\",\"tender\":\"CASH\"}").token(billing).header("Idempotency-Key", UUID.randomUUID().toString()).send();
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        String payment = paid.header("Payment-Id");
        List<Integer> statuses = concurrently(12, i -> api().post("/api/billing/v1/invoices/" + invoice + "/payments/" + payment + "/refunds",
                "{\"amount\":100.00,\"currency\":\"USD\",\"reason\":\"changed plan " + i + "\"}").token(billing)
                .header("Idempotency-Key", UUID.randomUUID().toString()).send().status());
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(7);
        JsonNode after = api().get("/api/billing/v1/invoices/" + invoice).token(billing).send().json();
        assertThat(after.get("refunded").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(after.get("balance").decimalValue()).isEqualByComparingTo("2541.04");

        JsonNode ledger = api().get("/api/billing/v1/patients/" + patient + "/ledger").token(billing).send().json();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : ledger.get("lines")) {
            sum = sum.add(line.get("amount").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo(ledger.get("balance").decimalValue());
        assertThat(ledger.get("balance").decimalValue()).isEqualByComparingTo("2541.04");
    }

    @Test
    void badMoneyIsRefusedNamingTheFieldAndNothingIsPosted() {
        String invoice = acceptedDeposit();
        String path = "/api/billing/v1/invoices/" + invoice + "/payments";
        assertProblem(pay(path, "{\"amount\":-5.00,\"currency\":\"USD\",\"tender\":\"CASH\"}"), 400, "amount");
        assertProblem(pay(path, "{\"amount\":5.001,\"currency\":\"USD\",\"tender\":\"CASH\"}"), 400, "amount");
        assertProblem(pay(path, "{\"amount\":5.00,\"currency\":\"XYZ\",\"tender\":\"CASH\"}"), 400, "currency");
        assertProblem(pay(path, "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"BITCOIN\"}"), 400, "tender");
        assertProblem(pay(path, "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"CARD\"}"), 400, "reference");
        assertProblem(pay(path, "{\"amount\":99999.00,\"currency\":\"USD\",\"tender\":\"CASH\"}"), 422, "amount");
        assertProblem(pay(path, "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"CASH\",\"status\":\"PAID\"}"), 400, "status");
        ApiClient.Answer noKey = api().post(path, "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"CASH\"}").token(billing).send();
        assertProblem(noKey, 400, "Idempotency-Key");
        assertThat(api().get("/api/billing/v1/invoices/" + invoice).token(billing).send().json().get("payments").size()).isZero();

        ApiClient.Answer paid = pay(path, "{\"amount\":50.00,\"currency\":\"USD\",\"tender\":\"CHECK\",\"reference\":\"chk 1001\"}");
        String payment = paid.header("Payment-Id");
        assertProblem(api().post(path + "/" + payment + "/refunds", "{\"amount\":60.00,\"currency\":\"USD\",\"reason\":\"x\"}")
                .token(billing).header("Idempotency-Key", UUID.randomUUID().toString()).send(), 422, "amount");
        assertThat(api().post("/api/billing/v1/invoices/" + invoice + "/void", "{}").token(billing).send().status()).isEqualTo(422);
        api().post(path + "/" + payment + "/refunds", "{\"amount\":50.00,\"currency\":\"USD\",\"reason\":\"void\"}")
                .token(billing).header("Idempotency-Key", UUID.randomUUID().toString()).send();
        assertThat(api().post("/api/billing/v1/invoices/" + invoice + "/void", "{}").token(billing).send().json().get("status").asString()).isEqualTo("VOID");
        ApiClient.Answer onVoid = pay(path, "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"CASH\"}");
        assertThat(onVoid.status()).isEqualTo(422);
        assertThat(onVoid.json().get("type").asString()).endsWith("invoice-void");
    }

    @Test
    void anotherPracticeGroupSeesAndChangesNothing() {
        String invoice = acceptedDeposit();
        String quote = invoice.substring(4);
        assertThat(api().get("/api/billing/v1/invoices/" + invoice).token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/quotes/" + quote).token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/invoices/" + invoice + "/payments", "{\"amount\":5.00,\"currency\":\"USD\",\"tender\":\"CASH\"}")
                .token(belmont).header("Idempotency-Key", UUID.randomUUID().toString()).send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/invoices/" + invoice + "/void", "{}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/quotes/" + quote + "/decline", "{}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/fee-schedules/aurora-miami/" + type).token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/patients/" + patient + "/ledger").token(belmont).send().json().get("lines").size()).isZero();
        JsonNode untouched = api().get("/api/billing/v1/invoices/" + invoice).token(billing).send().json();
        assertThat(untouched.get("payments").size()).isZero();
        assertThat(untouched.get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void aCompletedSurgeryIsInvoicedItsBalanceAndANoShowItsFeeOnceEach() {
        String invoice = acceptedDeposit();
        String appointment = "apt-" + invoice.substring(4);
        AppointmentCompleted done = new AppointmentCompleted(appointment, patient, "aurora-miami", type, "SURGERY", Instant.now());
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami", done));
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami", done));
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/billing/v1/invoices/bal-" + appointment).token(billing).send().status() == 200);
        assertThat(api().get("/api/billing/v1/invoices/bal-" + appointment).token(billing).send().json().get("total").decimalValue())
                .isEqualByComparingTo("10164.16");
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami",
                new AppointmentNoShow("apt-missed-" + patient, patient, "aurora-miami", type, "CONSULTATION", Instant.now(), Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/billing/v1/invoices/noshow-apt-missed-" + patient).token(billing).send().status() == 200);
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("patientId", patient))).isEqualTo(3);
    }

    @Test
    void anOverdueInvoiceAndAnOverdueInstalmentAreEachPublishedOnce() {
        String invoice = acceptedDeposit();
        ApiClient.Answer plan = api().post("/api/billing/v1/invoices/" + invoice + "/payment-plan",
                "{\"instalments\":3,\"firstDueOn\":\"" + LocalDate.now().plusDays(1) + "\",\"everyDays\":30}").token(billing).send();
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        JsonNode instalments = plan.json().get("plan");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode i : instalments) {
            sum = sum.add(i.get("amount").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo("2541.04");
        // time passes: the first instalment's date is behind us (moved in the database, as the calendar would)
        mongo.getCollection("invoices").updateOne(new Document("_id", invoice), new Document("$set",
                new Document("plan.0.dueOn", java.util.Date.from(LocalDate.now().minusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))));
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("instalment.overdue")));
        assertThat(events).isNotEmpty();
        // several sweeps later (one a second) it is still the only one
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() ->
                TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(10),
                                list -> list.stream().anyMatch(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("instalment.overdue")))
                        .stream().filter(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("instalment.overdue")).count() == 1);
    }

    private String acceptedDeposit() {
        String id = quote(0, null).get("id").asString();
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{\"appointmentId\":\"apt-" + id + "\"}").token(coordinator).send().status()).isEqualTo(200);
        return "dep-" + id;
    }

    private JsonNode quote(int discount, String reason) {
        ApiClient.Answer quote = api().post("/api/billing/v1/quotes", quoteBody(discount, reason)).token(coordinator).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        return quote.json();
    }

    private String quoteBody(int discount, String reason) {
        return "{\"patientId\":\"" + patient + "\",\"locationId\":\"aurora-miami\",\"appointmentTypeId\":\"" + type
                + "\",\"surgeonId\":\"dr-vega\",\"anesthesiaMinutes\":190,\"discountPercent\":" + discount
                + (reason == null ? "" : ",\"discountReason\":\"" + reason + "\"") + "}";
    }

    private ApiClient.Answer pay(String path, String body) {
        return api().post(path, body).token(billing).header("Idempotency-Key", UUID.randomUUID().toString()).send();
    }

    private static void assertProblem(ApiClient.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
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
