package health.liaison.scheduling.booking;

import health.liaison.platform.events.Topics;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** No resource is ever booked twice: concurrent requests, overlapping times, several resources, several clinics. */
class BookingIT extends SchedulingTestBase {

    @Autowired
    HoldSweeper sweeper;

    String surgeon;
    String anesthesia;
    String operatingRoom;
    Instant nineAm;


    @BeforeEach
    void practice() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        surgeon = "surgeon-" + run;
        anesthesia = "anesthesia-" + run;
        operatingRoom = "or-" + run;
        // a day far enough ahead that every test's slots are in the future, distinct per test
        nineAm = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(30 + Math.abs(run.hashCode() % 300), ChronoUnit.DAYS).plus(Duration.ofHours(14));
        define("consultation", "CONSULTATION", 60, 0, 15);
        define("breast-augmentation", "SURGERY", 180, 30, 30);
    }

    @Test
    void fiftyConcurrentRequestsForTheSameSlotBookItExactlyOnce() throws Exception {
        List<Callable<ApiClient.Answer>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String patient = "pat-" + i;
            requests.add(() -> book(patient, "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm));
        }
        List<ApiClient.Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (Future<ApiClient.Answer> answer : pool.invokeAll(requests)) {
                answers.add(answer.get());
            }
        }
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(49);
        ApiClient.Answer conflict = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
        assertThat(conflict.json().get("type").asString()).endsWith("/resource-taken");
        assertThat(conflict.json().get("resource").asString()).isEqualTo(surgeon);
        assertThat(conflict.body()).doesNotContain("pat-");
        assertThat(mongo.getCollection("appointments").countDocuments(new Document("providerIds", surgeon))).isEqualTo(1);
    }

    @Test
    void overlappingBookingsWithDifferentStartsConflictAndBuffersCount() {
        assertThat(book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).isEqualTo(201);
        // 09:30 overlaps 09:00–10:00
        assertThat(book("pat-b", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofMinutes(30))).status()).isEqualTo(409);
        // 10:00 falls in the 15-minute turnover
        assertThat(book("pat-c", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofMinutes(60))).status()).isEqualTo(409);
        // 10:15 is free
        assertThat(book("pat-d", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofMinutes(75))).status()).isEqualTo(201);
    }

    @Test
    void aSurgeryConflictsOnAnyOneOfItsResourcesAndHoldsNoneOfThemThen() {
        assertThat(book("pat-a", "aurora-miami", "breast-augmentation", List.of(surgeon, anesthesia), List.of(operatingRoom), nineAm).status()).isEqualTo(201);
        String otherSurgeon = "surgeon-other-" + UUID.randomUUID();
        String otherAnesthesia = "anesthesia-other-" + UUID.randomUUID();
        ApiClient.Answer roomTaken = book("pat-b", "aurora-miami", "breast-augmentation", List.of(otherSurgeon, otherAnesthesia),
                List.of(operatingRoom), nineAm.plus(Duration.ofHours(2)));
        assertThat(roomTaken.status()).isEqualTo(409);
        assertThat(roomTaken.json().get("resourceKind").asString()).isEqualTo("room");
        // the providers claimed before the room was found taken were released
        assertThat(book("pat-c", "aurora-miami", "consultation", List.of(otherSurgeon), List.of(), nineAm.plus(Duration.ofHours(2))).status()).isEqualTo(201);
    }

    @Test
    void theSameSurgeonCannotBeInTwoClinicsAtOnce() {
        assertThat(book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).isEqualTo(201);
        ApiClient.Answer elsewhere = book("pat-b", "aurora-beverly-hills", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofMinutes(15)));
        assertThat(elsewhere.status()).isEqualTo(409);
    }

    @Test
    void cancellingFreesTheSlotAndBothFactsArePublished() {
        ApiClient.Answer booked = book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm);
        String id = booked.json().get("id").asString();
        ApiClient.Answer cancelled = api().post("/api/scheduling/v1/appointments/" + id + "/cancellation", "{\"reasonCode\":\"PATIENT_REQUEST\"}")
                .token(coordinator).send();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api().post("/api/scheduling/v1/appointments/" + id + "/cancellation", "{\"reasonCode\":\"OTHER\"}").token(coordinator).send().status())
                .isEqualTo(409);
        assertThat(book("pat-b", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).isEqualTo(201);

        TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30), records ->
                records.stream().filter(r -> id.equals(r.key())).map(r -> TopicProbe.header(r, "ce_type").orElse(""))
                        .toList().containsAll(List.of("health.liaison.scheduling.appointment.booked.v1",
                                "health.liaison.scheduling.appointment.cancelled.v1")));
    }

    @Test
    void anotherPracticeGroupSeesAndChangesNothing() {
        String id = book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).json().get("id").asString();
        String held = hold("pat-held", nineAm.plus(Duration.ofHours(3)), 120).json().get("id").asString();
        String surgery = book("pat-s", "aurora-miami", "breast-augmentation", List.of(surgeon, anesthesia), List.of(operatingRoom),
                nineAm.plus(Duration.ofDays(1))).json().get("id").asString();
        String clinicId = "aurora-tenancy-" + UUID.randomUUID().toString().substring(0, 6);
        String auroraAdmin = TestIdentity.token().tenant("aurora").locations(clinicId).roles("ADMIN").sign();
        assertThat(api().put("/api/scheduling/v1/locations/" + clinicId, """
                {"name":"Kendall","zoneId":"America/New_York","hours":{"MONDAY":[{"opens":"09:00","closes":"17:00"}]}}""")
                .token(auroraAdmin).send().status()).isEqualTo(200);
        ApiClient.Answer joined = api().post("/api/scheduling/v1/waitlist", """
                {"patientId":"pat-wl","appointmentTypeId":"consultation","locationIds":["aurora-miami"],"from":"2027-01-04","to":"2027-02-01"}""")
                .token(coordinator).send();
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String entry = joined.json().get("id").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/scheduling/v1/surgery-cases/" + surgery).token(coordinator).send().status() == 200);

        List<String> views = List.of("/api/scheduling/v1/appointments/" + id, "/api/scheduling/v1/appointments/" + held,
                "/api/scheduling/v1/appointments/" + surgery, "/api/scheduling/v1/surgery-cases/" + surgery,
                "/api/scheduling/v1/waitlist?locationId=aurora-miami", "/api/scheduling/v1/resources/" + surgeon,
                "/api/scheduling/v1/resources/" + surgeon + "/blocks", "/api/scheduling/v1/appointment-types/consultation",
                "/api/scheduling/v1/locations/" + clinicId);
        List<String> before = views.stream().map(v -> api().get(v).token(coordinator).send().body()).toList();

        // a user of another group with every staff role: each endpoint answers as if aurora's data did not exist
        String belmont = TestIdentity.token().tenant("belmont").locations("belmont-chicago")
                .roles("COORDINATOR", "PROVIDER", "NURSE", "ADMIN").sign();
        String a = "/api/scheduling/v1/appointments/";
        String later = "{\"start\":\"" + nineAm.plus(Duration.ofDays(2)) + "\"}";
        String resource = "{\"kind\":\"PROVIDER\",\"role\":\"SURGEON\",\"name\":\"x\",\"locationIds\":[\"belmont-chicago\"]}";
        String type = "{\"name\":\"x\",\"category\":\"CONSULTATION\",\"durationMinutes\":30,\"setupMinutes\":0,\"turnoverMinutes\":0}";
        String block = "{\"kind\":\"BLOCKED\",\"start\":\"" + nineAm.plus(Duration.ofDays(3)) + "\",\"end\":\""
                + nineAm.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)) + "\"}";
        List<ApiClient.Answer> notFound = List.of(
                api().get(a + id).token(belmont).send(),
                api().post(a + id + "/cancellation", "{\"reasonCode\":\"OTHER\"}").token(belmont).send(),
                api().post(a + id + "/reschedule", later).token(belmont).send(),
                api().post(a + held + "/confirmation", "").token(belmont).send(),
                api().post(a + id + "/check-in", "").token(belmont).send(),
                api().post(a + id + "/no-show", "").token(belmont).send(),
                api().get(a + surgery + "/follow-ups").token(belmont).send(),
                api().post(a + surgery + "/follow-ups", "{}").token(belmont).send(),
                api().post("/api/scheduling/v1/waitlist/" + entry + "/withdrawal", "").token(belmont).send(),
                api().post("/api/scheduling/v1/waitlist/" + entry + "/offers/any/acceptance", "{}").token(belmont).send(),
                api().get("/api/scheduling/v1/resources/" + surgeon).token(belmont).send(),
                api().post("/api/scheduling/v1/resources/" + surgeon + "/blocks", block).token(belmont).send(),
                api().get("/api/scheduling/v1/appointment-types/consultation").token(belmont).send(),
                api().get("/api/scheduling/v1/locations/" + clinicId).token(belmont).send(),
                api().put("/api/scheduling/v1/locations/" + clinicId + "/holidays/2027-12-25", "{\"name\":\"x\"}").token(belmont).send(),
                api().get("/api/scheduling/v1/surgery-cases/" + surgery).token(belmont).send());
        for (ApiClient.Answer answer : notFound) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("pat-");
        }
        List<ApiClient.Answer> empty = List.of(
                api().get("/api/scheduling/v1/waitlist?locationId=aurora-miami").token(belmont).send(),
                api().get("/api/scheduling/v1/resources?locationId=aurora-miami").token(belmont).send(),
                api().get("/api/scheduling/v1/resources/" + surgeon + "/blocks").token(belmont).send(),
                api().get("/api/scheduling/v1/surgery-cases?locationId=aurora-miami&includeClosed=true").token(belmont).send(),
                api().get("/api/scheduling/v1/providers/" + surgeon + "/schedule?date=" + nineAm.toString().substring(0, 10)).token(belmont).send());
        for (ApiClient.Answer answer : empty) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            // lists that can grow answer a page; reference data a plain array
            JsonNode body = answer.json();
            assertThat((body.isArray() ? body : body.get("items")).size()).as(answer.toString()).isZero();
            if (!body.isArray()) {
                assertThat(body.get("totalItems").asLong()).isZero();
            }
        }
        // availability knows neither aurora's appointment types nor its clinics
        String day = nineAm.toString().substring(0, 10);
        for (ApiClient.Answer answer : List.of(
                api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=aurora-miami&providerIds="
                        + surgeon + "&from=" + day + "&to=" + day).token(belmont).send(),
                api().get("/api/scheduling/v1/availability/next?appointmentTypeId=consultation&locationIds=aurora-miami&providerIds="
                        + surgeon + "&from=" + day + "&to=" + day).token(belmont).send())) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.body()).doesNotContain("start").doesNotContain("pat-");
        }

        // names are the practice's own: the other group may call its surgeon, type and clinic the same, and gets its own
        assertThat(api().put("/api/scheduling/v1/resources/" + surgeon, resource).token(belmont).send().status()).isEqualTo(200);
        assertThat(api().put("/api/scheduling/v1/appointment-types/consultation", type).token(belmont).send().status()).isEqualTo(200);
        assertThat(api().put("/api/scheduling/v1/locations/" + clinicId, "{\"name\":\"x\",\"zoneId\":\"America/Chicago\",\"hours\":{}}")
                .token(belmont).send().status()).isEqualTo(200);
        assertThat(api().get("/api/scheduling/v1/appointment-types/consultation").token(belmont).send().json().get("name").asString()).isEqualTo("x");
        assertThat(api().get("/api/scheduling/v1/appointment-types/consultation").token(belmont).send().json().get("id").asString())
                .isEqualTo("consultation");
        assertThat(api().get("/api/scheduling/v1/resources/" + surgeon).token(belmont).send().json().get("locationIds").toString())
                .contains("belmont-chicago");

        // nothing changed for aurora
        assertThat(views.stream().map(v -> api().get(v).token(coordinator).send().body()).toList()).containsExactlyElementsOf(before);
        assertThat(api().get(a + id).token(coordinator).send().json().get("status").asString()).isEqualTo("BOOKED");
        assertThat(api().get(a + held).token(coordinator).send().json().get("status").asString()).isEqualTo("HELD");
        assertThat(api().post("/api/scheduling/v1/waitlist/" + entry + "/withdrawal", "").token(coordinator).send().status()).isEqualTo(200);
    }

    @Test
    void eachRoleReadsOnlyTheAppointmentsItNeedsAndAPatientOnlyTheirOwn() {
        String patientId = "pat-own-" + UUID.randomUUID().toString().substring(0, 6);
        String mine = book(patientId, "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).json().get("id").asString();
        String theirs = book("pat-else", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofHours(2)))
                .json().get("id").asString();
        String a = "/api/scheduling/v1/appointments/";

        String patient = TestIdentity.token().tenant("aurora").roles("PATIENT").patientId(patientId).sign();
        ApiClient.Answer own = api().get(a + mine).token(patient).send();
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("patientId").asString()).isEqualTo(patientId);
        ApiClient.Answer other = api().get(a + theirs).token(patient).send();
        assertThat(other.status()).as("another patient's appointment is not there for a patient").isEqualTo(404);
        assertThat(other.body()).doesNotContain("pat-else");

        // billing staff read appointments for charge capture (type, date, status)
        String billing = TestIdentity.token().tenant("aurora").locations("aurora-miami").roles("BILLING").sign();
        assertThat(api().get(a + theirs).token(billing).send().status()).isEqualTo(200);
        assertThat(api().get("/api/scheduling/v1/surgery-cases?locationId=aurora-miami").token(billing).send().status()).isEqualTo(200);

        // a coordinator of another clinic of the same group does not read this clinic's appointments; an admin does
        String beverlyHills = TestIdentity.token().tenant("aurora").locations("aurora-beverly-hills").roles("COORDINATOR").sign();
        assertThat(api().get(a + theirs).token(beverlyHills).send().status()).isEqualTo(403);
        String admin = TestIdentity.token().tenant("aurora").locations("aurora-beverly-hills").roles("ADMIN").sign();
        assertThat(api().get(a + theirs).token(admin).send().status()).isEqualTo(200);

        String inventory = TestIdentity.token().tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
        String date = nineAm.toString().substring(0, 10);
        List<String> careTeamOnly = List.of("/api/scheduling/v1/providers/" + surgeon + "/calendar.ics",
                "/api/scheduling/v1/providers/" + surgeon + "/schedule?date=" + date,
                "/api/scheduling/v1/rooms/" + operatingRoom + "/schedule?date=" + date,
                "/api/scheduling/v1/waitlist?locationId=aurora-miami", a + mine + "/follow-ups");
        for (String path : careTeamOnly) {
            for (String token : List.of(patient, billing, inventory)) {
                ApiClient.Answer refused = api().get(path).token(token).send();
                assertThat(refused.status()).as(path + " " + refused).isEqualTo(403);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.body()).doesNotContain("pat-");
            }
            assertThat(api().get(path).token(coordinator).send().status()).as(path).isEqualTo(200);
        }
        for (String path : List.of(a + mine, "/api/scheduling/v1/surgery-cases?locationId=aurora-miami")) {
            ApiClient.Answer refused = api().get(path).token(inventory).send();
            assertThat(refused.status()).as(path + " " + refused).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api().get("/api/scheduling/v1/surgery-cases?locationId=aurora-miami").token(patient).send().status()).isEqualTo(403);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        ApiClient.Answer past = book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), Instant.now().minus(Duration.ofHours(1)));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("errors").get(0).get("field").asString()).isEqualTo("start");
        ApiClient.Answer unknownType = book("pat-a", "aurora-miami", "liposuction-x", List.of(surgeon), List.of(), nineAm);
        assertThat(unknownType.json().get("errors").get(0).get("field").asString()).isEqualTo("appointmentTypeId");
        ApiClient.Answer notMyClinic = book("pat-a", "belmont-chicago", "consultation", List.of(surgeon), List.of(), nineAm);
        assertThat(notMyClinic.json().get("errors").get(0).get("field").asString()).isEqualTo("locationId");
        ApiClient.Answer noProvider = book("pat-a", "aurora-miami", "consultation", List.of(), List.of(), nineAm);
        assertThat(noProvider.status()).isEqualTo(400);
    }

    @Test
    void aStartCenturiesAheadIsRefusedLikeADateOfBirthIs() {
        long before = mongo.getCollection("appointments").countDocuments();
        for (Instant start : List.of(Instant.parse("+99999-01-01T09:00:00Z"), nineAm.plus(Duration.ofDays(6 * 366)))) {
            ApiClient.Answer far = book("pat-far", "aurora-miami", "consultation", List.of(surgeon), List.of(), start);
            assertThat(far.status()).as(start + " " + far).isEqualTo(400);
            assertThat(far.json().get("errors").get(0).get("field").asString()).isEqualTo("start");
        }
        assertThat(mongo.getCollection("appointments").countDocuments()).isEqualTo(before);
        ApiClient.Answer search = api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=aurora-miami"
                + "&providerIds=" + surgeon + "&from=2099-01-01&to=2099-01-02").token(coordinator).send();
        assertThat(search.status()).as(search.toString()).isEqualTo(400);
        assertThat(search.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }

    @Test
    void aHoldThatLapsesFreesTheSlot() {
        ApiClient.Answer held = hold("pat-a", nineAm, 30);
        assertThat(held.status()).isEqualTo(201);
        assertThat(held.json().get("status").asString()).isEqualTo("HELD");
        assertThat(book("pat-b", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).isEqualTo(409);

        clock.advance(Duration.ofMinutes(31));
        String id = held.json().get("id").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                api().get("/api/scheduling/v1/appointments/" + id).token(coordinator).send().json().get("status").asString().equals("HOLD_EXPIRED"));
        assertThat(book("pat-b", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).isEqualTo(201);
        assertThat(api().post("/api/scheduling/v1/appointments/" + id + "/confirmation", "").token(coordinator).send().status()).isEqualTo(409);
    }

    @Test
    void aConfirmationRacingTheExpiryNeverYieldsBoth() throws Exception {
        for (int i = 0; i < 10; i++) {
            Instant slot = nineAm.plus(Duration.ofHours(2L * i));
            ApiClient.Answer held = hold("pat-" + i, slot, 10);
            assertThat(held.status()).as(held.toString()).isEqualTo(201);
            String id = held.json().get("id").asString();
            Instant expiry = Instant.parse(held.json().get("holdExpiresAt").asString());
            clock.setTo(expiry.minusMillis(3));
            Thread lapse = Thread.ofVirtual().start(() -> {
                clock.advance(Duration.ofMillis(5));
                sweeper.lapseExpiredHolds();
            });
            int confirmation = api().post("/api/scheduling/v1/appointments/" + id + "/confirmation", "").token(coordinator).send().status();
            lapse.join();
            sweeper.lapseExpiredHolds();
            String status = api().get("/api/scheduling/v1/appointments/" + id).token(coordinator).send().json().get("status").asString();
            int other = book("pat-other-" + i, "aurora-miami", "consultation", List.of(surgeon), List.of(), slot).status();
            if (confirmation == 200) {
                assertThat(status).isEqualTo("BOOKED");
                assertThat(other).as("the confirmed slot stays taken").isEqualTo(409);
            } else {
                assertThat(confirmation).isEqualTo(409);
                assertThat(status).isEqualTo("HOLD_EXPIRED");
                assertThat(other).as("the lapsed slot is free").isEqualTo(201);
            }
        }
    }

    @Test
    void aRescheduleThatCannotHaveTheNewTimeLeavesTheOriginalIntact() {
        String a = book("pat-a", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).json().get("id").asString();
        String b = book("pat-b", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofHours(2))).json().get("id").asString();

        ApiClient.Answer refused = api().post("/api/scheduling/v1/appointments/" + a + "/reschedule",
                "{\"start\":\"" + nineAm.plus(Duration.ofHours(2)) + "\"}").token(coordinator).send();
        assertThat(refused.status()).isEqualTo(409);
        ApiClient.Answer original = api().get("/api/scheduling/v1/appointments/" + a).token(coordinator).send();
        assertThat(Instant.parse(original.json().get("start").asString())).isEqualTo(nineAm);
        assertThat(original.json().get("status").asString()).isEqualTo("BOOKED");
        assertThat(book("pat-c", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).status()).as("A still holds 09:00").isEqualTo(409);
        assertThat(api().get("/api/scheduling/v1/appointments/" + b).token(coordinator).send().json().get("status").asString()).isEqualTo("BOOKED");

        ApiClient.Answer moved = api().post("/api/scheduling/v1/appointments/" + a + "/reschedule",
                "{\"start\":\"" + nineAm.plus(Duration.ofMinutes(30)) + "\"}").token(coordinator).send();
        assertThat(moved.status()).as("a move overlapping its own old time").isEqualTo(200);
        assertThat(book("pat-d", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.minus(Duration.ofMinutes(45))).status())
                .as("the old 09:00-09:30 is free again").isEqualTo(201);
        TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30), records ->
                records.stream().anyMatch(r -> a.equals(r.key())
                        && TopicProbe.header(r, "ce_type").orElse("").equals("health.liaison.scheduling.appointment.rescheduled.v1")));
    }

    @Test
    void availabilityHonoursClinicHoursInItsZoneAndBookings() {
        // a clinic of its own, so the opening hours defined here do not constrain the other tests
        String clinicId = "aurora-kendall-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = TestIdentity.token().tenant("aurora").locations(clinicId).roles("ADMIN").sign();
        String staff = TestIdentity.token().tenant("aurora").locations(clinicId).roles("COORDINATOR").sign();
        ApiClient.Answer clinic = api().put("/api/scheduling/v1/locations/" + clinicId, """
                {"name":"Miami","zoneId":"America/New_York","hours":{"SUNDAY":[{"opens":"09:00","closes":"17:00"}],
                 "MONDAY":[{"opens":"09:00","closes":"17:00"}],"SATURDAY":[{"opens":"09:00","closes":"17:00"}]}}""").token(admin).send();
        assertThat(clinic.status()).as(clinic.toString()).isEqualTo(200);
        // spring forward: Sunday 2026-03-08 — but slots must be in the future, so use the same rule a year on
        java.time.LocalDate springForward = java.time.LocalDate.of(2027, 3, 14);
        ApiClient.Answer slots = api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=" + clinicId
                + "&providerIds=" + surgeon + "&from=2027-03-13&to=2027-03-15&stepMinutes=240").token(staff).send();
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        List<String> starts = new ArrayList<>();
        slots.json().forEach(slot -> starts.add(slot.get("start").asString()));
        assertThat(starts).containsExactly("2027-03-13T14:00:00Z", "2027-03-13T18:00:00Z",
                "2027-03-14T13:00:00Z", "2027-03-14T17:00:00Z", "2027-03-15T13:00:00Z", "2027-03-15T17:00:00Z");
        assertThat(springForward.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);

        // booking 09:00 local on the spring-forward day stores 13:00Z and takes that slot out
        assertThat(bookAs(staff, "pat-dst", clinicId, "consultation", List.of(surgeon), List.of(), Instant.parse("2027-03-14T13:00:00Z")).status()).isEqualTo(201);
        List<String> after = new ArrayList<>();
        api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=" + clinicId
                + "&providerIds=" + surgeon + "&from=2027-03-14&to=2027-03-14&stepMinutes=240").token(staff).send()
                .json().forEach(slot -> after.add(slot.get("start").asString()));
        assertThat(after).containsExactly("2027-03-14T17:00:00Z");

        // next available with any of two providers: the surgeon's 09:00 is taken, the anesthesia provider's is not
        List<String> offers = new ArrayList<>();
        ApiClient.Answer next = api().get("/api/scheduling/v1/availability/next?appointmentTypeId=consultation&locationIds=" + clinicId
                + "&providerIds=" + surgeon + "," + anesthesia + "&from=2027-03-14&to=2027-03-14&stepMinutes=240").token(staff).send();
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        next.json().forEach(o -> offers.add(o.get("start").asString() + " " + o.get("providerId").asString() + " " + o.get("locationId").asString()));
        List<String> expected = new ArrayList<>(List.of("2027-03-14T13:00:00Z " + anesthesia + " " + clinicId));
        List<String> five = new ArrayList<>(List.of("2027-03-14T17:00:00Z " + anesthesia + " " + clinicId, "2027-03-14T17:00:00Z " + surgeon + " " + clinicId));
        five.sort(String::compareTo);
        expected.addAll(five);
        assertThat(offers).containsExactlyElementsOf(expected);

        ApiClient.Answer tooEarly = bookAs(staff, "pat-early", clinicId, "consultation", List.of(surgeon), List.of(),
                Instant.parse("2027-03-15T11:00:00Z")); // 07:00 in Miami
        assertThat(tooEarly.status()).isEqualTo(400);
        assertThat(tooEarly.json().get("errors").get(0).get("field").asString()).isEqualTo("start");
        assertThat(tooEarly.json().get("errors").get(0).get("message").asString()).contains("07:00").contains("America/New_York");

        ApiClient.Answer badZone = api().put("/api/scheduling/v1/locations/" + clinicId, """
                {"name":"Miami","zoneId":"Mars/Olympus","hours":{}}""").token(admin).send();
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().get("errors").get(0).get("field").asString()).isEqualTo("zoneId");
    }

    @Test
    void slotsAtNineAndOneStayLocalAcrossTheFallBackDayAndStoredInstantsAreRight() {
        String clinicId = "aurora-doral-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = TestIdentity.token().tenant("aurora").locations(clinicId).roles("ADMIN").sign();
        String staff = TestIdentity.token().tenant("aurora").locations(clinicId).roles("COORDINATOR").sign();
        assertThat(api().put("/api/scheduling/v1/locations/" + clinicId, """
                {"name":"Doral","zoneId":"America/New_York","hours":{"SATURDAY":[{"opens":"09:00","closes":"17:00"}],
                 "SUNDAY":[{"opens":"09:00","closes":"17:00"}],"MONDAY":[{"opens":"09:00","closes":"17:00"}]}}""").token(admin).send()
                .status()).isEqualTo(200);
        // fall back: Sunday 2027-11-07, 02:00 EDT becomes 01:00 EST (2026-11-01 is already past)
        java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
        java.time.LocalDate fallBack = java.time.LocalDate.of(2027, 11, 7);
        assertThat(fallBack.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
        assertThat(newYork.getRules().isDaylightSavings(fallBack.atTime(0, 30).atZone(newYork).toInstant())).isTrue();
        assertThat(newYork.getRules().isDaylightSavings(fallBack.atTime(9, 0).atZone(newYork).toInstant())).isFalse();

        ApiClient.Answer slots = api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=" + clinicId
                + "&providerIds=" + surgeon + "&from=2027-11-06&to=2027-11-08&stepMinutes=240").token(staff).send();
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        List<String> starts = new ArrayList<>();
        slots.json().forEach(slot -> starts.add(slot.get("start").asString()));
        // the day before (EDT, UTC-4): 13:00Z and 17:00Z; on and after the change (EST, UTC-5): 14:00Z and 18:00Z
        assertThat(starts).containsExactly("2027-11-06T13:00:00Z", "2027-11-06T17:00:00Z",
                "2027-11-07T14:00:00Z", "2027-11-07T18:00:00Z", "2027-11-08T14:00:00Z", "2027-11-08T18:00:00Z");
        assertThat(starts).allSatisfy(start -> assertThat(Instant.parse(start).atZone(newYork).toLocalTime())
                .isIn(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(13, 0)));

        // booking 09:00 before, on and after the change and 13:00 on the day stores the right instants
        java.util.Map<String, Instant> booked = new java.util.LinkedHashMap<>();
        for (String start : List.of("2027-11-06T13:00:00Z", "2027-11-07T14:00:00Z", "2027-11-07T18:00:00Z", "2027-11-08T14:00:00Z")) {
            ApiClient.Answer answer = bookAs(staff, "pat-fall", clinicId, "consultation", List.of(surgeon), List.of(), Instant.parse(start));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            assertThat(answer.json().get("start").asString()).isEqualTo(start);
            booked.put(answer.json().get("id").asString(), Instant.parse(start));
        }
        booked.forEach((id, start) -> {
            Document stored = mongo.getCollection("appointments").find(new Document("_id", id)).first();
            assertThat(stored.getDate("start").toInstant()).isEqualTo(start);
            assertThat(stored.getDate("end").toInstant()).isEqualTo(start.plus(Duration.ofHours(1)));
        });
        List<String> after = new ArrayList<>();
        api().get("/api/scheduling/v1/availability?appointmentTypeId=consultation&locationId=" + clinicId
                + "&providerIds=" + surgeon + "&from=2027-11-06&to=2027-11-08&stepMinutes=240").token(staff).send()
                .json().forEach(slot -> after.add(slot.get("start").asString()));
        assertThat(after).containsExactly("2027-11-06T17:00:00Z", "2027-11-08T18:00:00Z");

        // 13:00Z was 09:00 the day before; on the fall-back day it is 08:00 local, before the clinic opens
        ApiClient.Answer early = bookAs(staff, "pat-fall", clinicId, "consultation", List.of(surgeon), List.of(),
                Instant.parse("2027-11-07T13:00:00Z"));
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().get("errors").get(0).get("message").asString()).contains("08:00").contains("America/New_York");
    }

    @Test
    void aVisitMovesThroughCheckInToCheckOutAndCompletes() {
        String id = book("pat-flow", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm).json().get("id").asString();
        String path = "/api/scheduling/v1/appointments/" + id;
        assertThat(api().post(path + "/check-out", "").token(coordinator).send().status()).as("not checked in yet").isEqualTo(409);
        assertThat(api().post(path + "/check-in", "").token(coordinator).send().json().get("status").asString()).isEqualTo("CHECKED_IN");
        clock.advance(Duration.ofMinutes(12));
        assertThat(api().post(path + "/roomed", "").token(coordinator).send().status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        assertThat(api().post(path + "/with-provider", "").token(coordinator).send().status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(40));
        ApiClient.Answer done = api().post(path + "/check-out", "").token(coordinator).send();
        assertThat(done.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.json().get("flow").get("waitingRoomMinutes").asLong()).isEqualTo(12);
        assertThat(done.json().get("flow").get("roomToProviderMinutes").asLong()).isEqualTo(5);
        assertThat(done.json().get("flow").get("visitMinutes").asLong()).isEqualTo(57);
        assertThat(api().post(path + "/check-in", "").token(coordinator).send().status()).isEqualTo(409);
        List<String> flow = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30), records ->
                records.stream().anyMatch(r -> id.equals(r.key())
                        && TopicProbe.header(r, "ce_type").orElse("").equals("health.liaison.scheduling.appointment.completed.v1")))
                .stream().filter(r -> id.equals(r.key())
                        && TopicProbe.header(r, "ce_type").orElse("").equals("health.liaison.scheduling.appointment.flow-advanced.v1"))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        // rooming and the provider's arrival are published with their times, for reporting
        assertThat(flow).hasSize(2);
        JsonNode roomed = ApiClient.json().readTree(flow.get(0)), seen = ApiClient.json().readTree(flow.get(1));
        assertThat(roomed.get("step").asString()).isEqualTo("ROOMED");
        assertThat(seen.get("step").asString()).isEqualTo("WITH_PROVIDER");
        assertThat(Duration.between(Instant.parse(roomed.get("at").asString()), Instant.parse(seen.get("at").asString())))
                .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(30));

        String held = hold("pat-held", nineAm.plus(Duration.ofHours(3)), 60).json().get("id").asString();
        assertThat(api().post("/api/scheduling/v1/appointments/" + held + "/check-in", "").token(coordinator).send().status())
                .as("a held date is confirmed before the patient can check in").isEqualTo(409);
    }

    @Test
    void theICalendarFeedListsExactlyTheProvidersBookingsAndNoPatient() throws Exception {
        String first = book("pat-ical-1", "aurora-miami", "consultation", List.of(surgeon), List.of(operatingRoom), nineAm).json().get("id").asString();
        String second = book("pat-ical-2", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofHours(3))).json().get("id").asString();
        String cancelled = book("pat-ical-3", "aurora-miami", "consultation", List.of(surgeon), List.of(), nineAm.plus(Duration.ofHours(5))).json().get("id").asString();
        api().post("/api/scheduling/v1/appointments/" + cancelled + "/cancellation", "{\"reasonCode\":\"OTHER\"}").token(coordinator).send();
        book("pat-ical-4", "aurora-miami", "consultation", List.of(anesthesia), List.of(), nineAm);

        ApiClient.Answer feed = api().get("/api/scheduling/v1/providers/" + surgeon + "/calendar.ics?days=366").token(coordinator).send();
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.header("Content-Type")).startsWith("text/calendar");
        net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new java.io.StringReader(feed.body()));
        List<String> uids = new ArrayList<>();
        for (Object component : calendar.getComponents()) {
            net.fortuna.ical4j.model.component.VEvent event = (net.fortuna.ical4j.model.component.VEvent) component;
            uids.add(event.getUid().orElseThrow().getValue());
        }
        assertThat(uids).containsExactlyInAnyOrder(first + "@liaison", second + "@liaison");
        assertThat(feed.body()).doesNotContain("pat-ical").contains(operatingRoom);
        assertThat(api().get("/api/scheduling/v1/providers/" + surgeon + "/calendar.ics")
                .token(TestIdentity.coordinator("belmont", "belmont-chicago")).send().body()).doesNotContain("@liaison");
    }

    @Test
    void aPracticeGroupThatShowsOnlyBusyTimeGetsNeitherTypeNorRoomInItsFeeds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String belmont = TestIdentity.token().tenant("belmont").locations("belmont-chicago").roles("COORDINATOR").sign();
        assertThat(api().put("/api/scheduling/v1/appointment-types/consult-b-" + run, """
                {"name":"Consultation","category":"CONSULTATION","durationMinutes":60,"setupMinutes":0,"turnoverMinutes":0}""")
                .token(belmont).send().status()).isEqualTo(200);
        for (String[] r : new String[][]{{"dr-b-" + run, "PROVIDER", "SURGEON"}, {"room-b-" + run, "ROOM", "CONSULT_ROOM"}}) {
            assertThat(api().put("/api/scheduling/v1/resources/" + r[0], "{\"kind\":\"" + r[1] + "\",\"role\":\"" + r[2]
                    + "\",\"name\":\"" + r[0] + "\",\"locationIds\":[\"belmont-chicago\"]}").token(belmont).send().status()).isEqualTo(200);
        }
        ApiClient.Answer booked = api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"pat-b-" + run + "\",\"locationId\":"
                + "\"belmont-chicago\",\"appointmentTypeId\":\"consult-b-" + run + "\",\"providerIds\":[\"dr-b-" + run + "\"],"
                + "\"roomIds\":[\"room-b-" + run + "\"],\"start\":\"" + nineAm.plus(Duration.ofDays(3)) + "\"}").token(belmont).send();
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);

        ApiClient.Answer feed = api().get("/api/scheduling/v1/providers/dr-b-" + run + "/calendar.ics?days=366").token(belmont).send();
        net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(feed.body()));
        assertThat(calendar.getComponents()).hasSize(1);
        assertThat(feed.body()).contains("SUMMARY:Busy").doesNotContain("LOCATION");
        assertThat(feed.body()).doesNotContain("consult-b-").doesNotContain("room-b-").doesNotContain("pat-b-");
    }

    private ApiClient.Answer hold(String patient, Instant start, int minutes) {
        registered("aurora-miami", List.of(surgeon), List.of());
        String json = """
                {"patientId":"%s","locationId":"aurora-miami","appointmentTypeId":"consultation","providerIds":["%s"],"start":"%s","holdMinutes":%d}"""
                .formatted(patient, surgeon, start, minutes);
        return api().post("/api/scheduling/v1/appointments", json).token(coordinator).send();
    }

    private ApiClient.Answer book(String patient, String location, String type, List<String> providers, List<String> rooms, Instant start) {
        return bookAs(coordinator, patient, location, type, providers, rooms, start);
    }

    private ApiClient.Answer bookAs(String token, String patient, String location, String type, List<String> providers, List<String> rooms, Instant start) {
        registered(location, providers, rooms);
        String json = """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","providerIds":%s,"roomIds":%s,"start":"%s"}"""
                .formatted(patient, location, type, array(providers), array(rooms), start);
        return api().post("/api/scheduling/v1/appointments", json).token(token).send();
    }


}
