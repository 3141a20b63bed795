package health.liaison.billing;

import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Coverage, eligibility, prior authorization, 837P claims and 835 remittances through the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"liaison.billing.overdue-sweep-interval=PT1S",
                "liaison.billing.encryption.dev-key-directory=${java.io.tmpdir}/liaison-billing-test-keys"})
@RealInfrastructure
class InsuranceIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String billing = TestIdentity.token().subject("billing-1").tenant("aurora").locations("aurora-miami").roles("BILLING").sign();
    final String belmont = TestIdentity.token().subject("b-1").tenant("belmont").locations("belmont-chicago").roles("BILLING").sign();
    final String practice = """
            {"name":"Aurora Aesthetics Miami","npi":"1912301953","taxId":"587654321","line1":"234 Seaway St","city":"Miami","state":"FL","postalCode":"33111"}""";

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    @Test
    void eligibilityClaimsAndARemittanceFlowThroughX12AndPostToTheLedger() throws Exception {
        String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Answer coverage = api().post("/api/billing/v1/patients/" + patient + "/coverages", """
                {"payerId":"999996666","payerName":"Key Insurance Company","planName":"PPO","groupNumber":"2222-SJ","memberId":"JS00111223333",
                 "relation":"SELF","subscriber":{"firstName":"Jane","lastName":"Quixotic","dateOfBirth":"1973-05-01","gender":"F",
                 "line1":"236 N Main St","city":"Miami","state":"FL","postalCode":"33413"}}""").token(billing).send();
        assertThat(coverage.status()).as(coverage.toString()).isEqualTo(201);
        assertThat(coverage.json().get("memberId").asString()).isEqualTo("****3333");
        String coverageId = coverage.json().get("id").asString();
        String raw = mongo.getCollection("coverages").find(new Document("_id", coverageId)).first().toJson();
        assertThat(raw).doesNotContain("JS00111223333").doesNotContain("Quixotic").doesNotContain("1973");

        HttpResponse<String> inquiry = x12Post("/api/billing/v1/coverages/" + coverageId + "/eligibility-inquiry", practice, "application/json");
        assertThat(inquiry.statusCode()).isEqualTo(200);
        assertThat(inquiry.body()).startsWith("ISA").contains("ST*270").contains("JS00111223333");
        HttpResponse<String> eligibility = x12Post("/api/billing/v1/coverages/" + coverageId + "/eligibility-response", sample("subscriber.271"), "application/edi-x12");
        assertThat(eligibility.statusCode()).as(eligibility.body()).isEqualTo(200);
        JsonNode covered = ApiClient.json().readTree(eligibility.body());
        assertThat(covered.get("eligibility").get("active").asBoolean()).isTrue();
        assertThat(covered.get("planName").asString()).isEqualTo("GOLD 123 PLAN");

        ApiClient.Answer auth = api().post("/api/billing/v1/prior-authorizations", "{\"patientId\":\"" + patient + "\",\"coverageId\":\"" + coverageId
                + "\",\"locationId\":\"aurora-miami\",\"appointmentId\":\"apt-recon-" + patient + "\",\"cptCodes\":[\"19357\"]}").token(billing).send();
        assertThat(auth.status()).isEqualTo(201);
        JsonNode decided = api().post("/api/billing/v1/prior-authorizations/" + auth.json().get("id").asString() + "/decision",
                "{\"decision\":\"APPROVED\",\"authorizationNumber\":\"PA-77\",\"validFrom\":\"2026-12-01\",\"validTo\":\"2027-02-28\"}").token(billing).send().json();
        assertThat(decided.get("status").asString()).isEqualTo("APPROVED");

        String first = claim(coverageId, "99211", "800.00");
        String second = claim(coverageId, "93555", "1200.00");
        HttpResponse<String> submitted = x12Post("/api/billing/v1/claims/" + first + "/submission", "", "application/json");
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.body()).contains("ST*837").contains("CLM*").contains("SV1*HC:99211*800.00");
        assertThat(api().get("/api/billing/v1/claims/" + first).token(billing).send().json().get("status").asString()).isEqualTo("SUBMITTED");

        // the payer's 835, in the sample's exact shape, for our two claims
        String remittance = sample("managed-care.835")
                .replace("CLP*5554555444", "CLP*" + controlNumber(first)).replace("CLP*8765432112", "CLP*" + controlNumber(second));
        HttpResponse<String> posted = x12Post("/api/billing/v1/remittances", remittance, "application/edi-x12");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode invoiceOne = api().get("/api/billing/v1/invoices/clm-" + first).token(billing).send().json();
        assertThat(invoiceOne.get("paid").decimalValue()).isEqualByComparingTo("450.00");
        assertThat(invoiceOne.get("adjusted").decimalValue()).isEqualByComparingTo("-50.00");
        assertThat(invoiceOne.get("balance").decimalValue()).isEqualByComparingTo("300.00");
        JsonNode invoiceTwo = api().get("/api/billing/v1/invoices/clm-" + second).token(billing).send().json();
        assertThat(invoiceTwo.get("paid").decimalValue()).isEqualByComparingTo("495.00");
        assertThat(invoiceTwo.get("adjusted").decimalValue()).isEqualByComparingTo("-105.00");
        assertThat(invoiceTwo.get("balance").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(api().get("/api/billing/v1/claims/" + second).token(billing).send().json().get("status").asString()).isEqualTo("PAID");
        // posted per service line: the SVC line's 500.00 less the claim-level CO-A2 50.00 is the line's 450.00
        JsonNode lineOne = api().get("/api/billing/v1/claims/" + first).token(billing).send().json().get("lines").get(0);
        assertThat(lineOne.get("paid").decimalValue()).isEqualByComparingTo("450.00");
        assertThat(lineOne.get("patientResponsibility").decimalValue()).isEqualByComparingTo("300.00");
        JsonNode lineTwo = api().get("/api/billing/v1/claims/" + second).token(billing).send().json().get("lines").get(0);
        assertThat(lineTwo.get("paid").decimalValue()).isEqualByComparingTo("495.00");
        assertThat(lineTwo.get("adjusted").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(lineTwo.get("patientResponsibility").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(invoiceTwo.get("payments").get(0).get("reference").asString()).contains("line 1 (93555)");

        // the same remittance again changes nothing
        x12Post("/api/billing/v1/remittances", remittance, "application/edi-x12");
        assertThat(api().get("/api/billing/v1/invoices/clm-" + first).token(billing).send().json().get("payments").size()).isEqualTo(1);
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.BILLING_CLAIM, Duration.ofSeconds(30),
                list -> list.stream().filter(r -> TopicProbe.header(r, "ce_type").orElse("").contains("claim.paid")
                        && (first.equals(r.key()) || second.equals(r.key()))).count() >= 2);
        assertThat(events.stream().filter(r -> TopicProbe.header(r, "ce_type").orElse("").contains("claim.paid") && first.equals(r.key())).count()).isEqualTo(1);
        assertThat(events.stream().filter(r -> first.equals(r.key())).map(r -> new String(r.value())).toList())
                .allSatisfy(payload -> assertThat(payload).doesNotContain("JS00111223333").doesNotContain("Quixotic"));

        // another practice group sees none of it
        assertThat(api().get("/api/billing/v1/claims/" + first).token(belmont).send().status()).isEqualTo(404);
        ApiClient.Answer theirs = api().get("/api/billing/v1/patients/" + patient + "/coverages").token(belmont).send();
        ApiClient.Answer unknown = api().get("/api/billing/v1/patients/unknown-" + patient + "/coverages").token(billing).send();
        for (ApiClient.Answer notFound : List.of(theirs, unknown)) {
            assertThat(notFound.status()).as(notFound.toString()).isEqualTo(404);
            assertThat(notFound.header("Content-Type")).startsWith("application/problem+json");
            assertThat(notFound.json().get("detail").asString()).isEqualTo(theirs.json().get("detail").asString());
        }
    }

    @Test
    void malformedX12IsAProblemNamingTheBody() throws Exception {
        HttpResponse<String> garbage = x12Post("/api/billing/v1/remittances", "ISA*not really", "application/edi-x12");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(garbage.body()).contains("\"body\"");
        HttpResponse<String> wrongType = x12Post("/api/billing/v1/remittances", sample("subscriber.271"), "application/edi-x12");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("no 835");
    }

    @Test
    void anOverPreciseAmountIn835IsA400NamingTheElementAndPostsNothing() throws Exception {
        String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        String coverageId = coverage(patient);
        String claim = claim(coverageId, "99211", "800.00");
        String remittance = sample("managed-care.835").replace("CLP*5554555444*1*800.00*450.00", "CLP*" + controlNumber(claim) + "*1*800.00*450.005");
        HttpResponse<String> posted = x12Post("/api/billing/v1/remittances", remittance, "application/edi-x12");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
        assertThat(posted.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(posted.body()).contains("\"CLP04\"").doesNotContain("Exception");
        HttpResponse<String> exponent = x12Post("/api/billing/v1/remittances", sample("managed-care.835").replace("CAS*CO*A2*50.00", "CAS*CO*A2*5E1"), "application/edi-x12");
        assertThat(exponent.statusCode()).isEqualTo(400);
        assertThat(exponent.body()).contains("\"CAS03\"");
        JsonNode invoice = api().get("/api/billing/v1/invoices/clm-" + claim).token(billing).send().json();
        assertThat(invoice.get("payments").size()).isZero();
        assertThat(invoice.get("adjustments").size()).isZero();
        assertThat(api().get("/api/billing/v1/claims/" + claim).token(billing).send().json().get("status").asString()).isEqualTo("CREATED");
    }

    @Test
    void aClaimAcknowledgmentAcceptsOneSubmittedClaimAndRejectsAnotherWhichCanBeSubmittedAgain() throws Exception {
        String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        String coverageId = coverage(patient);
        String accepted = claim(coverageId, "19325", "900.00");
        String rejected = claim(coverageId, "99213", "150.00");
        for (String claim : List.of(accepted, rejected)) {
            assertThat(x12Post("/api/billing/v1/claims/" + claim + "/submission", "", "application/json").statusCode()).isEqualTo(200);
        }
        String ack = acknowledgment(controlNumber(accepted), "A2:20", controlNumber(rejected), "A3:21");
        HttpResponse<String> answered = x12Post("/api/billing/v1/claim-acknowledgments", ack, "application/edi-x12");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(api().get("/api/billing/v1/claims/" + accepted).token(billing).send().json().get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(api().get("/api/billing/v1/claims/" + rejected).token(billing).send().json().get("status").asString()).isEqualTo("REJECTED");
        // read again: nothing changes; a rejected claim is corrected and submitted again
        assertThat(x12Post("/api/billing/v1/claim-acknowledgments", ack, "application/edi-x12").statusCode()).isEqualTo(200);
        assertThat(api().get("/api/billing/v1/claims/" + accepted).token(billing).send().json().get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(x12Post("/api/billing/v1/claims/" + rejected + "/submission", "", "application/json").statusCode()).isEqualTo(200);
        assertThat(api().get("/api/billing/v1/claims/" + rejected).token(billing).send().json().get("status").asString()).isEqualTo("SUBMITTED");
        // an unknown claim is named, not an error; a status that is not a category is a problem naming STC01
        assertThat(x12Post("/api/billing/v1/claim-acknowledgments", acknowledgment("0000000001", "A2:20", null, null), "application/edi-x12").body())
                .contains("no claim with this control number");
        HttpResponse<String> malformed = x12Post("/api/billing/v1/claim-acknowledgments",
                acknowledgment(controlNumber(accepted), "ZZ:20", null, null), "application/edi-x12");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"STC01\"");
        // another practice group's acknowledgment finds none of these claims
        HttpResponse<String> foreign = x12Post("/api/billing/v1/claim-acknowledgments", acknowledgment(controlNumber(accepted), "A3:21", null, null),
                "application/edi-x12", TestIdentity.token().tenant("belmont").locations("belmont-chicago").roles("BILLING").sign());
        assertThat(foreign.body()).contains("no claim with this control number");
        assertThat(api().get("/api/billing/v1/claims/" + accepted).token(billing).send().json().get("status").asString()).isEqualTo("ACCEPTED");
    }

    /** A minimal 277CA (005010X214) with one or two claim-level statuses. */
    private static String acknowledgment(String control, String status, String secondControl, String secondStatus) {
        StringBuilder claims = new StringBuilder();
        int segments = 0;
        for (String[] c : new String[][]{{control, status}, {secondControl, secondStatus}}) {
            if (c[0] == null) {
                continue;
            }
            claims.append("HL*").append(3 + segments / 3).append("*2*PT~TRN*2*").append(c[0]).append("~STC*").append(c[1])
                    .append("*20261203*WQ*900~");
            segments += 3;
        }
        int count = 7 + segments;
        return "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*LIAISON        *261203*1200*^*00501*000000123*0*T*:~"
                + "GS*HN*CLEARINGHOUSE*LIAISON*20261203*1200*123*X*005010X214~"
                + "ST*277*0001*005010X214~BHT*0085*08*277CA0001*20261203*1200*TH~"
                + "HL*1**20*1~NM1*AY*2*CLEARINGHOUSE*****46*CH1~HL*2*1*21*1~NM1*41*2*AURORA*****46*AUR1~"
                + claims + "SE*" + count + "*0001~GE*1*123~IEA*1*000000123~";
    }

    @Test
    void anotherPracticeGroupCanNeitherReadNorChangeInsuranceRecords() throws Exception {
        String patient = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        String coverageId = coverage(patient);
        String claim = claim(coverageId, "99211", "800.00");
        ApiClient.Answer auth = api().post("/api/billing/v1/prior-authorizations", "{\"patientId\":\"" + patient + "\",\"coverageId\":\"" + coverageId
                + "\",\"locationId\":\"aurora-miami\",\"appointmentId\":\"apt-t-" + patient + "\",\"cptCodes\":[\"19357\"]}").token(billing).send();
        String authId = auth.json().get("id").asString();

        assertThat(x12Post("/api/billing/v1/coverages/" + coverageId + "/eligibility-inquiry", practice, "application/json", belmont).statusCode()).isEqualTo(404);
        assertThat(x12Post("/api/billing/v1/coverages/" + coverageId + "/eligibility-response", sample("subscriber.271"), "application/edi-x12", belmont)
                .statusCode()).isEqualTo(404);
        ApiClient.Answer foreignAuth = api().post("/api/billing/v1/prior-authorizations", "{\"patientId\":\"" + patient + "\",\"coverageId\":\"" + coverageId
                + "\",\"locationId\":\"belmont-chicago\",\"cptCodes\":[\"19357\"]}").token(belmont).send();
        assertThat(foreignAuth.status()).isIn(400, 404);
        assertThat(api().post("/api/billing/v1/prior-authorizations/" + authId + "/decision",
                "{\"decision\":\"DENIED\"}").token(belmont).send().status()).isEqualTo(404);
        assertThat(api().get("/api/billing/v1/prior-authorizations?appointmentId=apt-t-" + patient).token(belmont).send().json().size()).isZero();
        assertThat(x12Post("/api/billing/v1/claims/" + claim + "/submission", "", "application/json", belmont).statusCode()).isEqualTo(404);
        ApiClient.Answer foreignClaim = api().post("/api/billing/v1/claims", "{\"coverageId\":\"" + coverageId + "\",\"locationId\":\"belmont-chicago\","
                + "\"diagnosisCodes\":[\"N62\"],\"serviceLines\":[{\"cpt\":\"99211\",\"charge\":10.00,\"units\":1,\"serviceDate\":\"2026-11-02\"}],"
                + "\"billingProvider\":" + practice + "}").token(belmont).send();
        assertThat(foreignClaim.status()).isEqualTo(404);
        String remittance = sample("managed-care.835").replace("CLP*5554555444", "CLP*" + controlNumber(claim));
        HttpResponse<String> foreignRemit = x12Post("/api/billing/v1/remittances", remittance, "application/edi-x12", belmont);
        assertThat(foreignRemit.statusCode()).isEqualTo(200);
        assertThat(foreignRemit.body()).contains("no claim with this control number").doesNotContain(claim);

        // nothing of aurora's changed
        JsonNode coverage = api().get("/api/billing/v1/patients/" + patient + "/coverages").token(billing).send().json().get(0);
        assertThat(coverage.get("eligibility") == null || coverage.get("eligibility").isNull()).isTrue();
        assertThat(api().get("/api/billing/v1/prior-authorizations?appointmentId=apt-t-" + patient).token(billing).send().json().get(0)
                .get("status").asString()).isEqualTo("REQUESTED");
        JsonNode stored = api().get("/api/billing/v1/claims/" + claim).token(billing).send().json();
        assertThat(stored.get("status").asString()).isEqualTo("CREATED");
        assertThat(stored.get("remits").size()).isZero();
        JsonNode invoice = api().get("/api/billing/v1/invoices/clm-" + claim).token(billing).send().json();
        assertThat(invoice.get("payments").size()).isZero();
        assertThat(invoice.get("adjustments").size()).isZero();
        assertThat(mongo.getCollection("claims").countDocuments(new Document("patientId", patient))).isEqualTo(1);
        assertThat(mongo.getCollection("prior_authorizations").countDocuments(new Document("patientId", patient))).isEqualTo(1);
    }

    private String coverage(String patient) {
        ApiClient.Answer coverage = api().post("/api/billing/v1/patients/" + patient + "/coverages", """
                {"payerId":"999996666","payerName":"Key Insurance Company","planName":"PPO","groupNumber":"2222-SJ","memberId":"JS00111223333",
                 "relation":"SELF","subscriber":{"firstName":"Jane","lastName":"Quixotic","dateOfBirth":"1973-05-01","gender":"F",
                 "line1":"236 N Main St","city":"Miami","state":"FL","postalCode":"33413"}}""").token(billing).send();
        assertThat(coverage.status()).as(coverage.toString()).isEqualTo(201);
        return coverage.json().get("id").asString();
    }

    private String claim(String coverageId, String cpt, String charge) {
        ApiClient.Answer claim = api().post("/api/billing/v1/claims", "{\"coverageId\":\"" + coverageId + "\",\"locationId\":\"aurora-miami\","
                + "\"diagnosisCodes\":[\"N62\",\"Z42.1\"],\"serviceLines\":[{\"cpt\":\"" + cpt + "\",\"charge\":" + charge
                + ",\"units\":1,\"serviceDate\":\"2026-11-02\"}],\"billingProvider\":" + practice + "}").token(billing).send();
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        return claim.json().get("id").asString();
    }

    private String controlNumber(String claimId) {
        return api().get("/api/billing/v1/claims/" + claimId).token(billing).send().json().get("controlNumber").asString();
    }

    private HttpResponse<String> x12Post(String path, String body, String contentType) throws Exception {
        return x12Post(path, body, contentType, billing);
    }

    private HttpResponse<String> x12Post(String path, String body, String contentType, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sample(String name) throws Exception {
        try (InputStream in = InsuranceIT.class.getResourceAsStream("/x12/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
