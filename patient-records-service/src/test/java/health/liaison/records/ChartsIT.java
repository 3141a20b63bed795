package health.liaison.records;

import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart header: encryption at rest, blind-index search, tenancy, audit, break-glass, roles, duplicates. */
class ChartsIT extends RecordsTestBase {

    @Test
    void storedChartsHoldNoPlaintextOfSealedFieldsAndExactSearchWorksThroughBlindIndexes() {
        Phi phi = Phi.fresh();
        String id = register(phi);

        Document raw = mongo.getCollection("patients").find(new Document("_id", id)).first();
        String stored = raw.toJson();
        assertThat(stored).doesNotContain(phi.email()).doesNotContain(phi.phone()).doesNotContain(phi.ssn())
                .doesNotContain(phi.ssn().replace("-", "")).doesNotContain(phi.street()).doesNotContain(phi.emergencyName())
                .doesNotContain(phi.emergencyPhone()).doesNotContain("phi-marker");
        assertThat(raw.getString("sealedContact")).isNotBlank();

        // a break-glass reason can name clinical details: sealed in the grant, and the audit entry only names the grant
        ApiClient.Answer grant = api().post("/api/records/v1/patients/" + id + "/break-glass",
                "{\"reason\":\"Arrived at Beverly Hills with a " + Phi.BREAK_GLASS_MARKER + "\"}").token(laCoordinator).send();
        assertThat(grant.status()).as(grant.toString()).isEqualTo(201);
        assertThat(grant.json().get("reason").asString()).contains(Phi.BREAK_GLASS_MARKER);
        Document storedGrant = mongo.getCollection("break_glass").find(new Document("_id", grant.json().get("id").asString())).first();
        assertThat(storedGrant.toJson()).doesNotContain(Phi.BREAK_GLASS_MARKER).doesNotContain("Beverly Hills with");
        assertThat(storedGrant.getString("sealedReason")).isNotBlank();
        assertThat(storedGrant.containsKey("reason")).isFalse();
        String trail = mongo.getCollection("audit_trail").find(new Document("patientId", id)).into(new ArrayList<>()).toString();
        assertThat(trail).contains("BREAK_GLASS").contains(grant.json().get("id").asString())
                .doesNotContain(Phi.BREAK_GLASS_MARKER).doesNotContain("Beverly Hills with");

        ApiClient.Answer read = api().get("/api/records/v1/patients/" + id).token(miamiCoordinator).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("email").asString()).isEqualTo(phi.email());
        assertThat(read.json().get("address").get("line1").asString()).isEqualTo(phi.street());
        assertThat(read.json().get("ssnLast4").asString()).isEqualTo("***-**-" + phi.ssn().substring(7));
        assertThat(read.body()).doesNotContain(phi.ssn());

        assertThat(searchIds("email=" + phi.email().toUpperCase())).containsExactly(id);
        assertThat(searchIds("phone=" + phi.phone().replace("+1305", "%2B1%20(305)%20"))).contains(id);
        assertThat(searchIds("ssn=" + phi.ssn().replace("-", ""))).containsExactly(id);
        assertThat(searchIds("email=nobody@phi-marker.example")).isEmpty();
    }

    @Test
    void nameSearchIsPrefixCaseAndAccentInsensitiveWithinTheGroupAndPaged() {
        String suffix = run.substring(0, 4);
        List<String> ids = new ArrayList<>();
        for (String first : List.of("José", "Josefina", "Joselyn")) {
            Phi phi = Phi.fresh();
            ApiClient.Answer created = api().post("/api/records/v1/patients",
                    phi.registrationJson("aurora-miami", first, "Ñúñez" + suffix, "1980-02-0" + (ids.size() + 1), null, null, null))
                    .token(miamiCoordinator).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }
        assertThat(searchIds("name=nunez" + suffix + "%20jose")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(searchIds("name=NUÑEZ" + suffix + "%20Josef")).containsExactly(ids.get(1));
        assertThat(searchIds("name=nunez" + suffix + "&dateOfBirth=1980-02-03")).containsExactly(ids.get(2));
        List<String> page0 = searchIds("name=nunez" + suffix + "&size=2&page=0");
        List<String> page1 = searchIds("name=nunez" + suffix + "&size=2&page=1");
        assertThat(page0).hasSize(2);
        assertThat(page1).hasSize(1);
        assertThat(new ArrayList<>(page0) {{ addAll(page1); }}).containsExactlyInAnyOrderElementsOf(ids);
        // another practice group finds nothing
        assertThat(api().get("/api/records/v1/patients?name=nunez" + suffix).token(belmont).send().json().size()).isZero();
        // each hit was audited
        assertThat(auditCount(ids.get(0), null, admin)).isGreaterThanOrEqualTo(3); // created + hits
        assertThat(api().get("/api/records/v1/patients?size=500&name=x").token(miamiCoordinator).send().body()).contains("size");
    }

    @Test
    void anotherPracticeGroupGets404OnEveryPatientEndpointAndEachDenialIsAudited() throws Exception {
        String id = register(Phi.fresh());
        // a booked surgery of the chart, so its checklist exists in aurora
        String appointment = "apt-tenancy-" + run;
        publish("aurora", "aurora-miami", new health.liaison.platform.events.scheduling.AppointmentBooked(appointment, id,
                "aurora-miami", "rhinoplasty-" + run, "SURGERY", List.of("dr-vega"), List.of("or-1"),
                java.time.Instant.now().plus(Duration.ofDays(14)), java.time.Instant.now().plus(Duration.ofDays(14)).plusSeconds(7200)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/records/v1/surgeries/" + appointment + "/checklist").token(miamiNurse).send().status() == 200);
        String checklistBefore = api().get("/api/records/v1/surgeries/" + appointment + "/checklist").token(miamiNurse).send().body();
        long ownerDenialsBefore = auditCount(id, "DENIED", admin);
        String p = "/api/records/v1/patients/" + id;
        String belmontNurse = TestIdentity.token().subject("nurse-belmont").tenant("belmont").locations("belmont-chicago")
                .roles("NURSE").sign();
        String intake = "{\"smoking\":\"NEVER\",\"vaping\":false}";
        List<ApiClient.Answer> answers = new ArrayList<>(List.of(
                api().get(p).token(belmont).send(),
                api().put(p, Phi.fresh().registrationJson("belmont-chicago")).token(belmont).header("If-Match", "\"1\"").send(),
                api().get(p + "/medical-history").token(belmont).send(),
                api().post(p + "/medical-history", intake).token(belmontNurse).send(),
                api().get(p + "/medical-history/versions").token(belmont).send(),
                api().get(p + "/medical-history/versions/1").token(belmont).send(),
                api().get(p + "/notes").token(belmont).send(),
                api().post(p + "/notes", "{\"text\":\"x\"}").token(belmont).send(),
                api().get(p + "/consents").token(belmont).send(),
                api().get(p + "/consents/missing").token(belmont).send(),
                api().post(p + "/consents/any-consent/revocation", "{\"reason\":\"no longer wanted\"}").token(belmont).send(),
                api().get(p + "/care-plans").token(belmont).send(),
                api().get(p + "/care-plans/any-plan").token(belmont).send(),
                api().post(p + "/care-plans", "{\"appointmentId\":\"" + appointment + "\",\"kind\":\"PRE_OP\"}").token(belmontNurse).send(),
                api().get(p + "/complaints").token(belmont).send(),
                api().post(p + "/complaints", "{\"category\":\"SERVICE\",\"description\":\"waited long\"}").token(belmont).send(),
                api().post(p + "/complaints/any-complaint/resolution", "{\"resolution\":\"apologised\"}").token(belmont).send(),
                api().post(p + "/satisfaction", "{\"appointmentId\":\"" + appointment + "\",\"score\":9}").token(belmont).send(),
                api().get(p + "/surgeries").token(belmont).send(),
                api().get(p + "/files").token(belmont).send(),
                api().get(p + "/files/any-file").token(belmont).send(),
                api().get(p + "/export").token(belmont).send(),
                api().post(p + "/break-glass", "{\"reason\":\"I want to see it please\"}").token(belmont).send(),
                api().post(p + "/merges", "{\"duplicatePatientId\":\"" + id + "x\"}").token(belmont).send()));
        java.net.http.HttpResponse<byte[]> uploaded = upload(id, "front.png", "image/png", pngBytes(), belmontNurse);
        assertThat(uploaded.statusCode()).isEqualTo(404);
        assertThat(new String(uploaded.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("phi-marker").doesNotContain("aurora");
        for (ApiClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("phi-marker").doesNotContain("aurora");
        }
        // the surgery's checklist, addressed by appointment id: 404 too, audited without naming the patient to belmont
        String s = "/api/records/v1/surgeries/" + appointment + "/checklist";
        List<ApiClient.Answer> bySurgery = List.of(api().get(s).token(belmont).send(),
                api().post(s + "/LABS", "{}").token(belmontNurse).send(), api().delete(s + "/LABS").token(belmontNurse).send());
        for (ApiClient.Answer answer : bySurgery) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain(id).doesNotContain("aurora");
        }
        // search within belmont finds nothing of aurora's
        assertThat(api().get("/api/records/v1/patients?name=zephyrine").token(belmont).send().json().size()).isZero();
        // the owner's administrators see every attempt; the caller's group records its user's denials too
        int attempts = answers.size() + 1;
        assertThat(auditCount(id, "DENIED", admin) - ownerDenialsBefore).isEqualTo(attempts + bySurgery.size());
        assertThat(auditCount(id, "DENIED", belmont)).isEqualTo(attempts);
        long surgeryDenials = 0;
        for (JsonNode e : api().get("/api/records/v1/audit?limit=1000").token(belmont).send().json()) {
            if ("DENIED".equals(e.get("outcome").asString()) && !e.get("detail").isNull()
                    && e.get("detail").asString().contains(appointment)) {
                assertThat(e.get("patientId").isNull()).as("belmont's chain does not learn aurora's patient").isTrue();
                surgeryDenials++;
            }
        }
        assertThat(surgeryDenials).isEqualTo(bySurgery.size());
        // nothing changed
        assertThat(api().get(p).token(miamiCoordinator).send().json().get("locationId").asString()).isEqualTo("aurora-miami");
        for (String empty : List.of("/medical-history/versions", "/notes", "/consents", "/care-plans", "/complaints", "/files")) {
            ApiClient.Answer list = api().get(p + empty).token(surgeon).send();
            assertThat(list.status()).as(empty).isEqualTo(200);
            assertThat(list.json().size()).as(empty).isZero();
        }
        assertThat(api().get("/api/records/v1/surgeries/" + appointment + "/checklist").token(miamiNurse).send().body()).isEqualTo(checklistBefore);
    }

    @Test
    void everyReadOfAChartIsExactlyOneAuditEntryAlsoUnderConcurrentReadsAndTheChainStaysIntact() throws Exception {
        String id = register(Phi.fresh());
        long before = auditCount(id, null, admin);
        assertThat(api().get("/api/records/v1/patients/" + id).token(miamiNurse).send().status()).isEqualTo(200);
        assertThat(auditCount(id, null, admin)).isEqualTo(before + 1);
        JsonNode newest = api().get("/api/records/v1/audit?limit=1&patientId=" + id).token(admin).send().json().get(0);
        assertThat(newest.get("action").asString()).isEqualTo("READ_CHART");
        assertThat(newest.get("userId").asString()).isEqualTo("nurse-miami");
        assertThat(newest.get("outcome").asString()).isEqualTo("ALLOWED");
        assertThat(newest.get("sourceAddress").asString()).isNotBlank();

        int readers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            Callable<Integer> read = () -> {
                start.await();
                return api().get("/api/records/v1/patients/" + id).token(miamiNurse).send().status();
            };
            results.add(pool.submit(read));
        }
        start.countDown();
        for (Future<Integer> r : results) {
            assertThat(r.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(auditCount(id, null, admin)).isEqualTo(before + 1 + readers);
        JsonNode verification = api().get("/api/records/v1/audit/verification").token(admin).send().json();
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
    }

    @Test
    void alteringOrRemovingAnAuditEntryInTheDatabaseIsDetectedByTheVerification() {
        String tenant = "tamper-" + run;
        String coordinator = TestIdentity.token().subject("c1").tenant(tenant).locations("t-clinic").roles("COORDINATOR").sign();
        String tenantAdmin = TestIdentity.token().subject("a1").tenant(tenant).locations("t-clinic").roles("ADMIN").sign();
        Phi phi = Phi.fresh();
        String id = api().post("/api/records/v1/patients", phi.registrationJson("t-clinic")).token(coordinator).send().json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            api().get("/api/records/v1/patients/" + id).token(coordinator).send();
        }
        JsonNode intact = api().get("/api/records/v1/audit/verification").token(tenantAdmin).send().json();
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("entriesChecked").asLong()).isEqualTo(4);

        // someone with database access rewrites who read the chart
        mongo.getCollection("audit_trail").updateOne(new Document("_id", tenant + ":3"),
                new Document("$set", new Document("userId", "somebody-else")));
        JsonNode altered = api().get("/api/records/v1/audit/verification").token(tenantAdmin).send().json();
        assertThat(altered.get("intact").asBoolean()).isFalse();
        assertThat(altered.get("firstBrokenEntry").asLong()).isEqualTo(3);
        assertThat(altered.get("problem").asString()).contains("altered");

        mongo.getCollection("audit_trail").updateOne(new Document("_id", tenant + ":3"),
                new Document("$set", new Document("userId", "c1")));
        assertThat(api().get("/api/records/v1/audit/verification").token(tenantAdmin).send().json().get("intact").asBoolean()).isTrue();
        mongo.getCollection("audit_trail").deleteOne(new Document("_id", tenant + ":2"));
        JsonNode removed = api().get("/api/records/v1/audit/verification").token(tenantAdmin).send().json();
        assertThat(removed.get("intact").asBoolean()).isFalse();
        assertThat(removed.get("firstBrokenEntry").asLong()).isEqualTo(2);

        // the trail is for administrators only
        assertThat(api().get("/api/records/v1/audit/verification").token(coordinator).send().status()).isEqualTo(403);
    }

    @Test
    void aChartOfAnotherClinicOpensOnlyByBreakingTheGlassWithAReasonAndThatIsAudited() {
        String id = register(Phi.fresh());
        ApiClient.Answer refused = api().get("/api/records/v1/patients/" + id).token(laCoordinator).send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("break-glass");

        ApiClient.Answer noReason = api().post("/api/records/v1/patients/" + id + "/break-glass", "{\"reason\":\"\"}").token(laCoordinator).send();
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");

        ApiClient.Answer grant = api().post("/api/records/v1/patients/" + id + "/break-glass",
                "{\"reason\":\"Patient arrived at Beverly Hills with post-op bleeding\"}").token(laCoordinator).send();
        assertThat(grant.status()).isEqualTo(201);
        assertThat(grant.json().get("expiresAt").asString()).isNotBlank();
        assertThat(api().get("/api/records/v1/patients/" + id).token(laCoordinator).send().status()).isEqualTo(200);

        List<String> actions = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (JsonNode e : api().get("/api/records/v1/audit?patientId=" + id).token(admin).send().json()) {
            if ("coord-la".equals(e.get("userId").asString())) {
                actions.add(e.get("action").asString() + "/" + e.get("outcome").asString());
                details.add(e.get("detail").isNull() ? "" : e.get("detail").asString());
            }
        }
        assertThat(actions).containsExactly("READ_CHART/ALLOWED", "BREAK_GLASS/ALLOWED", "READ_CHART/DENIED");
        assertThat(details.get(0)).startsWith("break-glass " + grant.json().get("id").asString());
        assertThat(details.get(1)).contains("grant " + grant.json().get("id").asString()).doesNotContain("post-op bleeding");
    }

    @Test
    void rolesSeeOnlyTheirPartOfTheChartAndAPatientOnlyTheirOwn() {
        String id = register(Phi.fresh());
        String other = register(Phi.fresh());
        assertThat(api().get("/api/records/v1/patients/" + id).token(billing).send().status()).isEqualTo(200);
        assertThat(api().get("/api/records/v1/patients/" + id + "/notes").token(billing).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/patients/" + id + "/medical-history").token(billing).send().status()).isEqualTo(403);
        String inventory = TestIdentity.token().tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
        assertThat(api().get("/api/records/v1/patients/" + id).token(inventory).send().status()).isEqualTo(403);

        String patient = TestIdentity.token().subject("patient-portal").tenant("aurora").roles("PATIENT").patientId(id).sign();
        assertThat(api().get("/api/records/v1/patients/" + id).token(patient).send().status()).isEqualTo(200);
        assertThat(api().get("/api/records/v1/patients/" + other).token(patient).send().status()).isEqualTo(404);
        assertThat(api().get("/api/records/v1/patients?name=zeph").token(patient).send().status()).isEqualTo(403);
        assertThat(auditCount(other, "DENIED", admin)).isEqualTo(1);
    }

    @Test
    void aSearchWithInvalidUtf8InTheQueryIs400NamingTheParameter() {
        ApiClient.Answer answer = api().get("/api/records/v1/patients?name=%ff%fe").token(miamiCoordinator).send();
        assertProblem(answer, 400, "name");
        assertThat(answer.body()).doesNotContain("%ff");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndNothingIsWritten() {
        long before = mongo.getCollection("patients").countDocuments();
        Phi phi = Phi.fresh();
        String good = phi.registrationJson("aurora-miami");
        assertProblem(api().post("/api/records/v1/patients", good.replace("{\"locationId\"", "{\"tenantId\":\"belmont\",\"locationId\"")).token(miamiCoordinator).send(), 400, "tenantId");
        assertProblem(api().post("/api/records/v1/patients", good.replace("{\"locationId\"", "{\"id\":\"mine\",\"locationId\"")).token(miamiCoordinator).send(), 400, "id");
        assertProblem(api().post("/api/records/v1/patients", good.replace(phi.dateOfBirth(), "2999-01-01")).token(miamiCoordinator).send(), 400, "dateOfBirth");
        assertProblem(api().post("/api/records/v1/patients", good.replace(phi.dateOfBirth(), "1977-02-30")).token(miamiCoordinator).send(), 400, "dateOfBirth");
        assertProblem(api().post("/api/records/v1/patients", good.replace(phi.phone(), "305-555")).token(miamiCoordinator).send(), 400, "phone");
        assertProblem(api().post("/api/records/v1/patients", good.replace(phi.email(), "not-an-email")).token(miamiCoordinator).send(), 400, "email");
        assertProblem(api().post("/api/records/v1/patients", good.replace("aurora-miami", "belmont-chicago")).token(miamiCoordinator).send(), 400, "locationId");
        assertThat(mongo.getCollection("patients").countDocuments()).isEqualTo(before);

        String id = register(phi);
        ApiClient.Answer read = api().get("/api/records/v1/patients/" + id).token(miamiCoordinator).send();
        String etag = read.header("ETag");
        String changed = phi.registrationJson("aurora-miami").replace(phi.email(), "new." + phi.email());
        assertProblem(api().put("/api/records/v1/patients/" + id, changed).token(miamiCoordinator).send(), 428, null);
        assertThat(api().put("/api/records/v1/patients/" + id, changed).token(miamiCoordinator).header("If-Match", etag).send().status()).isEqualTo(200);
        // a second coordinator still holding the old ETag
        assertProblem(api().put("/api/records/v1/patients/" + id, changed).token(miamiCoordinator).header("If-Match", etag).send(), 412, null);
    }

    @Test
    void aLikelyDuplicateIsRefusedUnlessConfirmedASharedPhoneIsOnlyAWarningAndAMergeTellsOtherServices() {
        Phi phi = Phi.fresh();
        String first = register(phi);
        ApiClient.Answer duplicate = api().post("/api/records/v1/patients",
                phi.registrationJson("aurora-miami", phi.firstName().toUpperCase(), phi.lastName(), phi.dateOfBirth(), null, null, null))
                .token(miamiCoordinator).send();
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("type").asString()).endsWith("possible-duplicate");
        assertThat(duplicate.json().get("candidates").get(0).asString()).isEqualTo(first);
        assertThat(duplicate.body()).doesNotContain(phi.firstName()).doesNotContain(phi.lastName());

        ApiClient.Answer confirmed = api().post("/api/records/v1/patients",
                phi.registrationJson("aurora-miami", phi.firstName(), phi.lastName(), phi.dateOfBirth(), null, null, true))
                .token(miamiCoordinator).send();
        assertThat(confirmed.status()).isEqualTo(201);
        String second = confirmed.json().get("id").asString();

        Phi sibling = Phi.fresh();
        ApiClient.Answer samePhone = api().post("/api/records/v1/patients",
                sibling.registrationJson("aurora-miami", sibling.firstName(), sibling.lastName(), "2001-01-01", null, phi.phone(), null))
                .token(miamiCoordinator).send();
        assertThat(samePhone.status()).isEqualTo(201);
        List<String> warned = new ArrayList<>();
        samePhone.json().get("possibleDuplicates").forEach(n -> warned.add(n.asString()));
        assertThat(warned).contains(first);

        ApiClient.Answer merged = api().post("/api/records/v1/patients/" + first + "/merges",
                "{\"duplicatePatientId\":\"" + second + "\"}").token(miamiCoordinator).send();
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode gone = api().get("/api/records/v1/patients/" + second).token(miamiCoordinator).send().json();
        assertThat(gone.get("status").asString()).isEqualTo("MERGED");
        assertThat(gone.get("mergedInto").asString()).isEqualTo(first);
        // merging again changes nothing; merging it elsewhere is refused
        assertThat(api().post("/api/records/v1/patients/" + first + "/merges", "{\"duplicatePatientId\":\"" + second + "\"}")
                .token(miamiCoordinator).send().status()).isEqualTo(200);
        assertThat(searchIds("name=" + phi.lastName())).containsExactly(first);

        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> second.equals(r.key())
                        && TopicProbe.header(r, "ce_type").orElse("").contains("merged")));
        var mergedEvents = events.stream().filter(r -> second.equals(r.key())
                && TopicProbe.header(r, "ce_type").orElse("").contains("merged")).toList();
        assertThat(mergedEvents).hasSize(1);
        String payload = new String(mergedEvents.get(0).value());
        assertThat(payload).contains(first).doesNotContain(phi.lastName()).doesNotContain("phi-marker");
    }

    @Test
    void changingContactDetailsPublishesContactChangedWithIdsOnly() {
        Phi phi = Phi.fresh();
        String id = register(phi);
        String etag = api().get("/api/records/v1/patients/" + id).token(miamiCoordinator).send().header("ETag");
        ApiClient.Answer updated = api().put("/api/records/v1/patients/" + id,
                phi.registrationJson("aurora-miami").replace(phi.email(), "moved." + phi.email()))
                .token(miamiCoordinator).header("If-Match", etag).send();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("email").asString()).isEqualTo("moved." + phi.email());
        assertThat(searchIds("email=moved." + phi.email())).containsExactly(id);
        assertThat(searchIds("email=" + phi.email())).isEmpty();
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> id.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("contact-changed")));
        String payload = new String(events.stream().filter(r -> id.equals(r.key())
                && TopicProbe.header(r, "ce_type").orElse("").contains("contact-changed")).findFirst().orElseThrow().value());
        assertThat(payload).doesNotContain("phi-marker").doesNotContain(phi.phone());
    }

    private List<String> searchIds(String query) {
        ApiClient.Answer answer = api().get("/api/records/v1/patients?" + query).token(miamiCoordinator).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return texts(answer.json(), "id");
    }

    private static void assertProblem(ApiClient.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        if (field != null) {
            assertThat(answer.body()).as(answer.toString()).contains("\"" + field + "\"");
        }
    }
}
