package health.liaison.billing;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

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
                 "discountApprovalAbovePercent":10,"noShowFee":150.00,"balanceDueDays":10,
                 "cancellation":[{"daysBefore":30,"refundPercent":100},{"daysBefore":14,"refundPercent":50}]}""")
                .token(billing).send();
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentValidatesDeclaresTheBearerSchemeAndDocumentsProblems() {
        ApiDocsCheck.assertValid(port, "Liaison Billing API");
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
    void aClinicMayAskAFixedDepositInsteadOfAShareOfTheQuote() {
        String fixed = type + "-fixed";
        ApiClient.Answer both = api().put("/api/billing/v1/fee-schedules/aurora-miami/" + fixed, """
                {"currency":"USD","surgeonFee":900.00,"depositPercent":20,"depositAmount":1500.00}""").token(billing).send();
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body()).contains("\"depositPercent\"").contains("one of the two");
        ApiClient.Answer overPrecise = api().put("/api/billing/v1/fee-schedules/aurora-miami/" + fixed, """
                {"currency":"USD","surgeonFee":900.00,"depositAmount":1500.001}""").token(billing).send();
        assertThat(overPrecise.status()).isEqualTo(400);
        assertThat(overPrecise.body()).contains("depositAmount");
        assertThat(api().put("/api/billing/v1/fee-schedules/aurora-miami/" + fixed, """
                {"currency":"USD","surgeonFee":6500.00,"depositAmount":1500.00}""").token(billing).send().status()).isEqualTo(200);
        ApiClient.Answer quote = api().post("/api/billing/v1/quotes", "{\"patientId\":\"" + patient + "\",\"locationId\":\"aurora-miami\","
                + "\"appointmentTypeId\":\"" + fixed + "\",\"anesthesiaMinutes\":0}").token(coordinator).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        String id = quote.json().get("id").asString();
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{}").token(coordinator).send().status()).isEqualTo(200);
        JsonNode deposit = api().get("/api/billing/v1/invoices/dep-" + id).token(billing).send().json();
        assertThat(deposit.get("total").decimalValue()).isEqualByComparingTo("1500.00");
        assertThat(deposit.get("lines").get(0).get("description").asString()).contains("fixed 1500.00 USD");
        // a fixed deposit is never more than the quote itself
        assertThat(api().put("/api/billing/v1/fee-schedules/aurora-miami/" + fixed, """
                {"currency":"USD","surgeonFee":900.00,"depositAmount":1500.00}""").token(billing).send().status()).isEqualTo(200);
        ApiClient.Answer small = api().post("/api/billing/v1/quotes", "{\"patientId\":\"" + patient + "\",\"locationId\":\"aurora-miami\","
                + "\"appointmentTypeId\":\"" + fixed + "\",\"anesthesiaMinutes\":0}").token(coordinator).send();
        String smallId = small.json().get("id").asString();
        api().post("/api/billing/v1/quotes/" + smallId + "/acceptance", "{}").token(coordinator).send();
        assertThat(api().get("/api/billing/v1/invoices/dep-" + smallId).token(billing).send().json().get("total").decimalValue())
                .isEqualByComparingTo("900.00");
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
        List<Integer> statuses = AtOnce.run(20, i -> api().post("/api/billing/v1/invoices/" + invoice + "/payments", body)
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
        // the amounts insights sums: the payment's, and the deposit invoice's total; ids and codes beside them, no name
        for (String type : List.of("deposit.paid", "payment.received")) {
            JsonNode data = ApiClient.json().readTree(events.stream()
                    .filter(r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains(type)).findFirst().orElseThrow().value());
            assertThat(data.get("amount").decimalValue()).as(type).isEqualByComparingTo("2541.04");
            assertThat(data.get("currency").asString()).as(type).isEqualTo("USD");
        }
        String quoteId = invoice.substring("dep-".length());
        BigDecimal quoted = api().get("/api/billing/v1/quotes/" + quoteId).token(coordinator).send().json().get("total").decimalValue();
        var quoteEvents = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> quoteId.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("quote.accepted")));
        for (String type : List.of("quote.issued", "quote.accepted")) {
            JsonNode data = ApiClient.json().readTree(quoteEvents.stream()
                    .filter(r -> quoteId.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains(type)).findFirst().orElseThrow().value());
            assertThat(data.get("total").decimalValue()).as(type).isEqualByComparingTo(quoted);
            assertThat(data.get("currency").asString()).as(type).isEqualTo("USD");
        }

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
        List<Integer> statuses = AtOnce.run(12, i -> api().post("/api/billing/v1/invoices/" + invoice + "/payments/" + payment + "/refunds",
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
        assertThat(api().get("/api/billing/v1/patients/" + patient + "/ledger").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/patients/unknown-" + patient + "/ledger").token(billing).send().status()).isEqualTo(404);
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

    @Test
    void aBookedSurgeryIsInvoicedItsBalanceBeforeTheDateWhicheverComesFirstAndItFollowsReschedulesAndCompletion() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the quote accepted first, the booking after
        String invoice = acceptedDeposit();
        String appointment = "apt-" + invoice.substring(4);
        Instant start = now.plus(60, ChronoUnit.DAYS);
        handled(new AppointmentBooked(appointment, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                start, start.plus(3, ChronoUnit.HOURS)));
        JsonNode balance = invoice("bal-" + appointment);
        assertThat(balance.get("kind").asString()).isEqualTo("BALANCE");
        assertThat(balance.get("total").decimalValue()).isEqualByComparingTo("10164.16"); // 12705.20 - 2541.04
        assertThat(balance.get("status").asString()).isEqualTo("OPEN");
        assertThat(LocalDate.parse(balance.get("dueOn").asString())).isEqualTo(start.atZone(ZoneOffset.UTC).toLocalDate().minusDays(10));

        // rescheduled later: the due date follows; rescheduled to next week: due today, never in the past
        Instant later = now.plus(90, ChronoUnit.DAYS);
        handled(new AppointmentRescheduled(appointment, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                start, later, later.plus(3, ChronoUnit.HOURS)));
        assertThat(LocalDate.parse(invoice("bal-" + appointment).get("dueOn").asString()))
                .isEqualTo(later.atZone(ZoneOffset.UTC).toLocalDate().minusDays(10));
        Instant soon = now.plus(5, ChronoUnit.DAYS);
        handled(new AppointmentRescheduled(appointment, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                later, soon, soon.plus(3, ChronoUnit.HOURS)));
        assertThat(LocalDate.parse(invoice("bal-" + appointment).get("dueOn").asString())).isEqualTo(today);

        // completion keeps the one balance invoice as it is
        handled(new AppointmentCompleted(appointment, patient, "aurora-miami", type, "SURGERY", soon.plus(4, ChronoUnit.HOURS)));
        JsonNode afterCompletion = invoice("bal-" + appointment);
        assertThat(afterCompletion.get("total").decimalValue()).isEqualByComparingTo("10164.16");
        assertThat(LocalDate.parse(afterCompletion.get("dueOn").asString())).isEqualTo(today);
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("appointmentId", appointment).append("kind", "BALANCE"))).isEqualTo(1);

        // the booking first, the acceptance after: the balance opens with the acceptance
        String quote = quote(0, null).get("id").asString();
        String second = "apt-" + quote;
        Instant secondStart = now.plus(45, ChronoUnit.DAYS);
        handled(new AppointmentBooked(second, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                secondStart, secondStart.plus(3, ChronoUnit.HOURS)));
        assertThat(api().get("/api/billing/v1/invoices/bal-" + second).token(billing).send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/quotes/" + quote + "/acceptance", "{\"appointmentId\":\"" + second + "\"}").token(coordinator)
                .send().status()).isEqualTo(200);
        JsonNode secondBalance = invoice("bal-" + second);
        assertThat(secondBalance.get("total").decimalValue()).isEqualByComparingTo("10164.16");
        assertThat(LocalDate.parse(secondBalance.get("dueOn").asString())).isEqualTo(secondStart.atZone(ZoneOffset.UTC).toLocalDate().minusDays(10));
        // accepting again changes nothing
        assertThat(api().post("/api/billing/v1/quotes/" + quote + "/acceptance", "{}").token(coordinator).send().status()).isEqualTo(200);
        assertThat(invoice("bal-" + second).get("dueOn").asString()).isEqualTo(secondBalance.get("dueOn").asString());
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("_id", "bal-" + second))).isEqualTo(1);
    }

    @Test
    void aSixOClockSurgeryInSydneyFallsDueOnTheClinicsDateAndTheDaysBeforeItAreClinicDaysAcrossDaylightSaving() {
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        String clinic = "aurora-sydney-" + patient.substring(4);
        String staff = TestIdentity.token().subject("billing-2").tenant("aurora").locations(clinic).roles("BILLING", "COORDINATOR").sign();
        clinicIn(clinic, "Australia/Sydney");
        // an older definition arriving late (a replay, another partition's lag) changes nothing: the latest wins
        handled(clinic, "billing-clinic-zones", new LocationChanged(clinic, "UTC", Map.of(), List.of(), Instant.now().minus(1, ChronoUnit.DAYS)));
        assertThat(mongo.getCollection("clinic_zones").find(new Document("_id", "aurora|" + clinic)).first().getString("zoneId"))
                .isEqualTo("Australia/Sydney");
        String appointment = "apt-syd-" + patient.substring(4);
        acceptedAt(clinic, appointment, staff);

        // 06:00 on a summer day (AEDT, UTC+11) at least a month ahead: the previous day in UTC
        LocalDate summerDay = LocalDate.now(sydney).plusDays(30);
        while (sydney.getRules().getOffset(summerDay.atTime(6, 0).atZone(sydney).toInstant()).getTotalSeconds() != 11 * 3600) {
            summerDay = summerDay.plusDays(1);
        }
        Instant sixAm = ZonedDateTime.of(summerDay, LocalTime.of(6, 0), sydney).toInstant();
        assertThat(sixAm.atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(summerDay.minusDays(1));
        handled(clinic, "billing-charge-capture", new AppointmentBooked(appointment, patient, clinic, type, "SURGERY", List.of("dr-lee"),
                List.of("or-1"), sixAm, sixAm.plus(3, ChronoUnit.HOURS)));
        assertThat(LocalDate.parse(invoice("bal-" + appointment).get("dueOn").asString())).isEqualTo(summerDay.minusDays(10));

        // the next two clock changes (first Sunday of April back to UTC+10, of October forward to UTC+11): a surgery six
        // days after each, at the hour where counting 240 hours instead of 10 days would land on another local date
        Instant previous = sixAm;
        ZoneOffsetTransition change = sydney.getRules().nextTransition(Instant.now().plus(20, ChronoUnit.DAYS));
        for (int i = 0; i < 2; i++, change = sydney.getRules().nextTransition(change.getInstant())) {
            LocalDate surgeryDay = change.getDateTimeAfter().toLocalDate().plusDays(6);
            LocalTime at = change.isGap() ? LocalTime.of(0, 30) : LocalTime.of(23, 30);
            Instant start = ZonedDateTime.of(surgeryDay, at, sydney).toInstant();
            assertThat(start.minus(240, ChronoUnit.HOURS).atZone(sydney).toLocalDate()).as("240 hours earlier is another local date")
                    .isNotEqualTo(surgeryDay.minusDays(10));
            handled(clinic, "billing-charge-capture", new AppointmentRescheduled(appointment, patient, clinic, type, "SURGERY",
                    List.of("dr-lee"), List.of("or-1"), previous, start, start.plus(3, ChronoUnit.HOURS)));
            assertThat(LocalDate.parse(invoice("bal-" + appointment).get("dueOn").asString())).as("surgery on %s", surgeryDay)
                    .isEqualTo(surgeryDay.minusDays(10));
            previous = start;
        }
    }

    @Test
    void anInvoiceIsOverdueByItsClinicsDate() {
        // whatever the hour, one of these clinics is on another date than UTC: Kiritimati (UTC+14) from 10:00 UTC on,
        // Pago Pago (UTC-11) before 11:00 UTC
        boolean ahead = Instant.now().atZone(ZoneOffset.UTC).getHour() >= 10;
        String zone = ahead ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
        String clinic = "aurora-" + (ahead ? "kiritimati-" : "pago-") + patient.substring(4);
        String staff = TestIdentity.token().subject("billing-3").tenant("aurora").locations(clinic).roles("BILLING", "COORDINATOR").sign();
        clinicIn(clinic, zone);
        LocalDate clinicToday = LocalDate.now(ZoneId.of(zone));
        assertThat(clinicToday).isNotEqualTo(LocalDate.now(ZoneOffset.UTC));
        String first = "dep-" + acceptedAt(clinic, "apt-a-" + patient.substring(4), staff);
        String second = "dep-" + acceptedAt(clinic, "apt-b-" + patient.substring(4), staff);
        // due the clinic's yesterday: overdue there (for Kiritimati, that is UTC's today, not overdue in UTC)
        setDueOn(first, clinicToday.minusDays(1));
        // due the clinic's today: not overdue there (for Pago Pago, that is UTC's yesterday, overdue in UTC)
        setDueOn(second, clinicToday);
        await().atMost(Duration.ofSeconds(30)).until(() -> overdue(first).size() == 1);
        // several sweeps (one a second) later the other is still not overdue (the flag is written with the event)
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !overdueNotified(second));
        assertThat(TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(10),
                list -> list.stream().anyMatch(overdueOf(first))).stream().filter(overdueOf(second))).isEmpty();
    }

    private boolean overdueNotified(String invoice) {
        return mongo.getCollection("invoices").find(new Document("_id", invoice)).first().getBoolean("overdueNotified");
    }

    private void setDueOn(String invoice, LocalDate dueOn) {
        mongo.getCollection("invoices").updateOne(new Document("_id", invoice), new Document("$set",
                new Document("dueOn", java.util.Date.from(dueOn.atStartOfDay(ZoneOffset.UTC).toInstant()))));
    }

    /** The invoice.overdue events of an invoice on the topic, once there is one. */
    private List<ConsumerRecord<String, byte[]>> overdue(String invoice) {
        return TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_INVOICE, Duration.ofSeconds(5),
                list -> list.stream().anyMatch(overdueOf(invoice))).stream().filter(overdueOf(invoice)).toList();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> overdueOf(String invoice) {
        return r -> invoice.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("invoice.overdue");
    }

    @Test
    void aCancellationRefundsByTheTierAndKeepsTheRestAsALateCancellationFeeAndVoidsTheUnpaidBalance() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // deposit 2541.04 paid in full; tiers: 30+ days 100 %, 14+ days 50 %, closer 0 %
        record Case(int daysAhead, String percent, String refundable, String fee, String balance, int adjustments) {
        }
        for (Case c : List.of(new Case(40, "100", "2541.04", "0.00", "-2541.04", 1),
                new Case(20, "50", "1270.52", "1270.52", "-1270.52", 2),
                new Case(3, "0", "0.00", "2541.04", "0.00", 2))) {
            String deposit = acceptedDeposit();
            String appointment = "apt-" + deposit.substring(4);
            String payment = pay("/api/billing/v1/invoices/" + deposit + "/payments",
                    "{\"amount\":2541.04,\"currency\":\"USD\",\"tender\":\"CARD\",\"reference\":\"tok_1\"}").header("Payment-Id");
            Instant start = now.plus(c.daysAhead(), ChronoUnit.DAYS);
            handled(new AppointmentBooked(appointment, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                    start, start.plus(3, ChronoUnit.HOURS)));
            assertThat(invoice("bal-" + appointment).get("status").asString()).isEqualTo("OPEN");
            AppointmentCancelled cancelled = new AppointmentCancelled(appointment, patient, "aurora-miami", type, "SURGERY", start,
                    "PATIENT_REQUEST", now);
            handled(cancelled);
            handled(cancelled); // redelivered (a new event id): applied once

            JsonNode after = invoice(deposit);
            JsonNode outcome = after.get("cancellation");
            assertThat(outcome.get("daysBefore").asLong()).as("%d days", c.daysAhead()).isEqualTo(c.daysAhead());
            assertThat(outcome.get("refundPercent").decimalValue()).isEqualByComparingTo(c.percent());
            assertThat(outcome.get("refundable").decimalValue()).isEqualByComparingTo(c.refundable());
            assertThat(outcome.get("lateCancellationFee").decimalValue()).isEqualByComparingTo(c.fee());
            assertThat(after.get("balance").decimalValue()).as("%d days", c.daysAhead()).isEqualByComparingTo(c.balance());
            assertThat(after.get("adjustments").size()).isEqualTo(c.adjustments());
            assertThat(after.get("adjustments").get(0).get("amount").decimalValue()).isEqualByComparingTo("-2541.04");
            if (c.adjustments() == 2) {
                assertThat(after.get("adjustments").get(1).get("amount").decimalValue()).isEqualByComparingTo(c.fee());
                assertThat(after.get("adjustments").get(1).get("reason").asString()).startsWith("Late-cancellation fee");
            }
            assertThat(after.get("status").asString()).isEqualTo("PAID");
            // the balance invoice nothing was paid on is void
            assertThat(invoice("bal-" + appointment).get("status").asString()).isEqualTo("VOID");

            if (c.daysAhead() == 20) {
                // billing refunds the refundable half to the card: nothing left either way
                ApiClient.Answer refunded = api().post("/api/billing/v1/invoices/" + deposit + "/payments/" + payment + "/refunds",
                        "{\"amount\":1270.52,\"currency\":\"USD\",\"reason\":\"cancellation policy\"}").token(billing)
                        .header("Idempotency-Key", UUID.randomUUID().toString()).send();
                assertThat(refunded.status()).as(refunded.toString()).isEqualTo(201);
                assertThat(refunded.json().get("balance").decimalValue()).isEqualByComparingTo("0.00");
                assertThat(refunded.json().get("status").asString()).isEqualTo("PAID");
            }
        }
        // the ledger: 40 days ahead still owes the patient 2541.04 (not yet refunded); the postings sum to it
        JsonNode ledger = api().get("/api/billing/v1/patients/" + patient + "/ledger").token(billing).send().json();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : ledger.get("lines")) {
            sum = sum.add(line.get("amount").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo(ledger.get("balance").decimalValue());
        assertThat(ledger.get("balance").decimalValue()).isEqualByComparingTo("-2541.04");
    }

    @Test
    void aNoShowIsChargedTheScheduleFeeOnceAndItsUnpaidBalanceIsVoid() {
        String deposit = acceptedDeposit();
        String appointment = "apt-" + deposit.substring(4);
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS);
        handled(new AppointmentBooked(appointment, patient, "aurora-miami", type, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                start, start.plus(3, ChronoUnit.HOURS)));
        AppointmentNoShow missed = new AppointmentNoShow(appointment, patient, "aurora-miami", type, "SURGERY", start, start.plus(1, ChronoUnit.HOURS));
        handled(missed);
        handled(missed);
        JsonNode fee = invoice("noshow-" + appointment);
        assertThat(fee.get("kind").asString()).isEqualTo("FEE");
        assertThat(fee.get("total").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(fee.get("currency").asString()).isEqualTo("USD");
        assertThat(fee.get("lines").get(0).get("code").asString()).isEqualTo("NO_SHOW");
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("_id", "noshow-" + appointment))).isEqualTo(1);
        assertThat(invoice("bal-" + appointment).get("status").asString()).isEqualTo("VOID");
    }

    @Test
    void anotherPracticeGroupCanNeitherChangeMoneyNorQuotesNorSeeAging() {
        String deposit = acceptedDeposit();
        String paymentId = pay("/api/billing/v1/invoices/" + deposit + "/payments",
                "{\"amount\":500.00,\"currency\":\"USD\",\"tender\":\"CASH\"}").header("Payment-Id");
        String issued = quote(0, null).get("id").asString();
        String pending = quote(20, "friends and family").get("id").asString();
        String path = "/api/billing/v1/invoices/" + deposit;

        assertThat(api().post(path + "/payments/" + paymentId + "/refunds", "{\"amount\":100.00,\"currency\":\"USD\",\"reason\":\"x\"}")
                .token(belmont).header("Idempotency-Key", UUID.randomUUID().toString()).send().status()).isEqualTo(404);
        assertThat(api().post(path + "/adjustments", "{\"amount\":-100.00,\"currency\":\"USD\",\"reason\":\"x\"}").token(belmont)
                .send().status()).isEqualTo(404);
        assertThat(api().post(path + "/payment-plan", "{\"instalments\":3,\"firstDueOn\":\"" + LocalDate.now().plusDays(3) + "\"}")
                .token(belmont).send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/quotes/" + issued + "/acceptance", "{\"appointmentId\":\"apt-x\"}").token(belmont)
                .send().status()).isEqualTo(404);
        assertThat(api().post("/api/billing/v1/quotes/" + issued + "/revision", quoteBody(5, "x")).token(belmont).send().status())
                .isIn(400, 404);
        assertThat(api().post("/api/billing/v1/quotes/" + pending + "/approval", "{}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/quotes?patientId=" + patient).token(belmont).send().json().size()).isZero();
        JsonNode aging = api().get("/api/billing/v1/receivables/aging?locationId=aurora-miami").token(belmont).send().json();
        assertThat(aging.get("openInvoices").asInt()).isZero();
        assertThat(aging.get("total").decimalValue()).isEqualByComparingTo("0");

        // nothing changed
        JsonNode untouched = invoice(deposit);
        assertThat(untouched.get("refunds").size()).isZero();
        assertThat(untouched.get("adjustments").size()).isZero();
        assertThat(untouched.get("plan").size()).isZero();
        assertThat(untouched.get("balance").decimalValue()).isEqualByComparingTo("2041.04");
        JsonNode issuedQuote = api().get("/api/billing/v1/quotes/" + issued).token(billing).send().json();
        assertThat(issuedQuote.get("status").asString()).isEqualTo("ISSUED");
        assertThat(issuedQuote.get("version").asInt()).isEqualTo(1);
        assertThat(api().get("/api/billing/v1/quotes/" + pending).token(billing).send().json().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(mongo.getCollection("invoices").countDocuments(new Document("_id", "dep-" + issued))).isZero();
        assertThat(api().get("/api/billing/v1/receivables/aging?locationId=aurora-miami").token(billing).send().json()
                .get("openInvoices").asInt()).isPositive();
    }

    /** Sends a scheduling event and waits until charge capture has handled it. */
    private void handled(DomainEvent event) {
        handled("aurora-miami", "billing-charge-capture", event);
    }

    /** Sends a scheduling event of a clinic, as scheduling publishes it, and waits until {@code consumer} has handled it. */
    private void handled(String location, String consumer, DomainEvent event) {
        var record = CloudEventRecords.of("/liaison/scheduling-service", "aurora", location, event);
        String id = new String(record.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8);
        TopicProbe.of(TestInfrastructure.get()).send(record);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getCollection("processed_events")
                .countDocuments(new Document("_id", consumer + "|" + id)) == 1);
    }

    /** Scheduling defines a clinic of group aurora in {@code zone}; billing learns it from the location topic. */
    private void clinicIn(String location, String zone) {
        handled(location, "billing-clinic-zones", new LocationChanged(location, zone,
                Map.of(DayOfWeek.MONDAY, List.of(new LocationChanged.OpeningSpan(LocalTime.of(7, 0), LocalTime.of(19, 0)))), List.of(),
                Instant.now()));
    }

    /** A fee schedule (balance due 10 days before) and an accepted quote for {@code appointment} at a clinic. */
    private String acceptedAt(String location, String appointment, String token) {
        ApiClient.Answer schedule = api().put("/api/billing/v1/fee-schedules/" + location + "/" + type, """
                {"currency":"AUD","surgeonFee":6500.00,"depositPercent":20,"depositDueDays":7,"balanceDueDays":10}""").token(token).send();
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        ApiClient.Answer quote = api().post("/api/billing/v1/quotes", "{\"patientId\":\"" + patient + "\",\"locationId\":\"" + location
                + "\",\"appointmentTypeId\":\"" + type + "\",\"anesthesiaMinutes\":0}").token(token).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        String id = quote.json().get("id").asString();
        assertThat(api().post("/api/billing/v1/quotes/" + id + "/acceptance", "{\"appointmentId\":\"" + appointment + "\"}")
                .token(token).send().status()).isEqualTo(200);
        return id;
    }

    private JsonNode invoice(String id) {
        ApiClient.Answer answer = api().get("/api/billing/v1/invoices/" + id).token(billing).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
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
}
