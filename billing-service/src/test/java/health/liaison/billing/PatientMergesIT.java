package health.liaison.billing;

import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records merges two charts: the merged chart's quotes, invoices, coverages and the rest follow the surviving one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"liaison.billing.overdue-sweep-interval=PT1S",
                "liaison.billing.encryption.dev-key-directory=${java.io.tmpdir}/liaison-billing-test-keys"})
@RealInfrastructure
class PatientMergesIT {

    private static final List<String> COLLECTIONS = List.of("quotes", "invoices", "coverages", "claims", "prior_authorizations",
            "booked_surgeries");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String billing = TestIdentity.token().subject("billing-1").tenant("aurora").locations("aurora-miami").roles("BILLING").sign();
    final String coordinator = TestIdentity.token().subject("coord-1").tenant("aurora").locations("aurora-miami").roles("COORDINATOR").sign();

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @Test
    void theMergedPatientsAccountMovesToTheSurvivingChartInItsPracticeGroupOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String merged = "pat-dup-" + run;
        String surviving = "pat-keep-" + run;
        String type = "rhinoplasty-" + run;
        ApiClient.Answer schedule = api().put("/api/billing/v1/fee-schedules/aurora-miami/" + type, """
                {"currency":"USD","surgeonFee":6500.00,"anesthesiaPer15Minutes":95.50,"facilityFee":2200.00,
                 "implantsAndSupplies":0,"garments":0,"labs":0,"taxRatePercent":0,"taxedLines":[],"depositPercent":20,
                 "depositDueDays":7,"discountApprovalAbovePercent":10,"noShowFee":150.00,"balanceDueDays":10,"cancellation":[]}""")
                .token(billing).send();
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        ApiClient.Answer quote = api().post("/api/billing/v1/quotes", "{\"patientId\":\"" + merged + "\",\"locationId\":\"aurora-miami\","
                + "\"appointmentTypeId\":\"" + type + "\",\"surgeonId\":\"dr-vega\",\"anesthesiaMinutes\":60,\"discountPercent\":0}")
                .token(coordinator).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        String quoteId = quote.json().get("id").asString();
        assertThat(api().post("/api/billing/v1/quotes/" + quoteId + "/acceptance", "{\"appointmentId\":\"apt-" + quoteId + "\"}")
                .token(coordinator).send().status()).isEqualTo(200);
        ApiClient.Answer coverage = api().post("/api/billing/v1/patients/" + merged + "/coverages", """
                {"payerId":"999996666","payerName":"Key Insurance Company","planName":"PPO","groupNumber":"2222-SJ","memberId":"JS00111223333",
                 "relation":"SELF","subscriber":{"firstName":"Jane","lastName":"Quixotic","dateOfBirth":"1973-05-01","gender":"F",
                 "line1":"236 N Main St","city":"Miami","state":"FL","postalCode":"33413"}}""").token(billing).send();
        assertThat(coverage.status()).as(coverage.toString()).isEqualTo(201);
        String coverageId = coverage.json().get("id").asString();
        // another practice group's documents under the same patient id
        for (String collection : COLLECTIONS) {
            mongo.getCollection(collection).insertOne(new Document("_id", "belmont-" + collection + "-" + run).append("tenantId", "belmont")
                    .append("patientId", merged).append("locationId", "belmont-chicago").append("_v", 1L));
        }

        ProducerRecord<String, byte[]> merge = mergeRecord(surviving, merged);
        send(merge);
        send(merge);
        awaitHandled(merge);

        JsonNode ledger = api().get("/api/billing/v1/patients/" + surviving + "/ledger").token(billing).send().json();
        List<String> open = new ArrayList<>();
        ledger.get("openInvoices").forEach(i -> {
            assertThat(i.get("patientId").asString()).isEqualTo(surviving);
            open.add(i.get("id").asString());
        });
        assertThat(open).contains("dep-" + quoteId);
        // everything moved to the surviving chart: billing holds nothing under the merged id any more
        assertThat(api().get("/api/billing/v1/patients/" + merged + "/ledger").token(billing).send().status()).isEqualTo(404);
        JsonNode quotes = api().get("/api/billing/v1/quotes?patientId=" + surviving).token(billing).send().json();
        assertThat(quotes.size()).isEqualTo(1);
        assertThat(quotes.get(0).get("id").asString()).isEqualTo(quoteId);
        JsonNode coverages = api().get("/api/billing/v1/patients/" + surviving + "/coverages").token(billing).send().json();
        assertThat(coverages.size()).isEqualTo(1);
        assertThat(coverages.get(0).get("id").asString()).isEqualTo(coverageId);
        assertThat(coverages.get(0).get("memberId").asString()).isEqualTo("****3333");
        assertThat(holdings("aurora", merged)).isEmpty();
        for (String collection : COLLECTIONS) {
            Document other = mongo.getCollection(collection).find(new Document("_id", "belmont-" + collection + "-" + run)).first();
            assertThat(other.getString("patientId")).as(collection).isEqualTo(merged);
            assertThat(other.get("_v", Number.class).longValue()).as(collection).isEqualTo(1L);
        }

        // the same fact announced again (a new event id, as after a lost processed record) changes nothing more
        List<Document> after = holdings("aurora", surviving);
        ProducerRecord<String, byte[]> again = mergeRecord(surviving, merged);
        send(again);
        awaitHandled(again);
        assertThat(holdings("aurora", surviving)).isEqualTo(after);
    }

    private List<Document> holdings(String tenant, String patient) {
        List<Document> docs = new ArrayList<>();
        for (String collection : COLLECTIONS) {
            docs.addAll(mongo.find(Query.query(Criteria.where("tenantId").is(tenant).and("patientId").is(patient)), Document.class, collection));
        }
        return docs;
    }

    private static ProducerRecord<String, byte[]> mergeRecord(String surviving, String merged) {
        return CloudEventRecords.of("/liaison/patient-records-service", "aurora", "aurora-miami",
                new PatientsMerged(surviving, merged, "aurora-miami", Instant.now()));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        TopicProbe.of(TestInfrastructure.get()).send(record);
    }

    private void awaitHandled(ProducerRecord<String, byte[]> record) {
        String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getCollection(EventInbox.PROCESSED_COLLECTION)
                .countDocuments(new Document("_id", "billing-patient-merges|" + id)) > 0);
    }
}
