package health.liaison.records.inquiries;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.AtOnce;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.Phi;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Inquiries through the staff API: one lead per person, conversion, claims, the journey to WON, tenancy, audit. */
class InquiriesIT extends InquiriesTestBase {

    final String laCoordinator2 = TestIdentity.token().subject("coord-la-2").tenant("aurora")
            .locations("aurora-beverly-hills").roles("COORDINATOR").sign();
    final String belmontService = TestIdentity.token().subject("notification-service@belmont").tenant("belmont")
            .roles("SERVICE").sign();

    static String email() {
        return "i." + UUID.randomUUID().toString().substring(0, 12) + "@phi-marker.example";
    }

    static String phone() {
        return "+1305555987" + String.format("%04d", (int) (Math.random() * 10000));
    }

    String webForm() {
        return api().post("/api/records/v1/inquiry-forms", "{\"locationId\":\"aurora-miami\"}").token(admin).send()
                .json().get("formKey").asString();
    }

    JsonNode read(String id, String token) {
        ApiClient.Answer answer = api().get("/api/records/v1/inquiries/" + id).token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theSamePersonByPhoneThenByWebFormIsOneInquiryWithTwoContacts() {
        miamiDefined();
        Phi phi = Phi.fresh();
        String mail = email();
        String id = phoneInquiry(phi.firstName() + " " + phi.lastName(), mail, phone(), miamiCoordinator);
        ApiClient.Answer posted = api().post("/api/public/v1/inquiry-forms/" + webForm(), """
                {"name":"%s","email":"%s","message":"%s again"}""".formatted(phi.firstName(), mail.toUpperCase(), Phi.INQUIRY_MARKER))
                .header("X-Liaison-Client-Address", "203.0.113." + (int) (Math.random() * 250)).send();
        assertThat(posted.status()).isEqualTo(202);

        JsonNode inquiry = read(id, miamiCoordinator);
        assertThat(inquiry.get("contacts")).hasSize(2);
        assertThat(inquiry.get("contacts").get(0).get("channel").asString()).isEqualTo("PHONE");
        assertThat(inquiry.get("contacts").get(1).get("channel").asString()).isEqualTo("WEB_FORM");
        assertThat(inquiry.get("contacts").get(1).get("text").asString()).isEqualTo(Phi.INQUIRY_MARKER + " again");
        assertThat(inquiry.get("ownerId").asString()).isEqualTo("coord-miami");
        assertThat(inquiriesWithTheEmailOf(id)).isEqualTo(1);
        // and the same person calling again by phone number only
        String again = phoneInquiry(phi.firstName(), null, inquiry.get("contact").get("phone").asString(), otherMiamiCoordinator);
        assertThat(again).isEqualTo(id);
        assertThat(read(id, miamiCoordinator).get("contacts")).hasSize(3);
        List<JsonNode> events = eventsAbout(Topics.RECORDS_INQUIRY, id, types -> types.contains(RECEIVED));
        assertThat(events.stream().filter(e -> RECEIVED.equals(e.get("_type").asString()))).hasSize(1);
    }

    long inquiriesWithTheEmailOf(String id) {
        String emailIndex = mongo.findById(id, Document.class, "inquiries").getString("emailIndex");
        return mongo.count(Query.query(Criteria.where("emailIndex").is(emailIndex)), "inquiries");
    }

    ApiClient.Answer webFormPost(String formKey, String name, String mail) {
        return api().post("/api/public/v1/inquiry-forms/" + formKey, """
                {"name":"%s","email":"%s","message":"%s at once"}""".formatted(name, mail, Phi.INQUIRY_MARKER))
                .header("X-Liaison-Client-Address", "198.51.100." + (int) (Math.random() * 250)).send();
    }

    @Test
    void theSamePersonCallingAndWritingAtTheSameInstantIsStillOneInquiry() throws Exception {
        miamiDefined();
        String form = webForm();
        for (int round = 0; round < 4; round++) {
            Phi phi = Phi.fresh();
            String mail = email();
            String tel = phone();
            List<String> ids = new ArrayList<>(AtOnce.run(6, i -> {
                if (i % 2 == 0) {
                    return phoneInquiry(phi.firstName(), mail, tel, i % 4 == 0 ? miamiCoordinator : otherMiamiCoordinator);
                }
                ApiClient.Answer posted = webFormPost(form, phi.firstName(), mail);
                assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
                return null;
            }));
            ids.removeIf(id -> id == null);
            assertThat(ids).as("every phone intake names the same inquiry").hasSize(3).containsOnly(ids.getFirst());
            String id = ids.getFirst();
            assertThat(inquiriesWithTheEmailOf(id)).as("one lead for one person").isEqualTo(1);
            assertThat(read(id, miamiCoordinator).get("contacts")).as("every contact kept").hasSize(6);
            List<JsonNode> events = eventsAbout(Topics.RECORDS_INQUIRY, id, types -> types.contains(RECEIVED));
            assertThat(events.stream().filter(e -> RECEIVED.equals(e.get("_type").asString()))).hasSize(1);
        }
    }

    @Test
    void aPersonWhoseInquiryWasLostStartsANewOneWhenTheyComeBack() {
        miamiDefined();
        Phi phi = Phi.fresh();
        String mail = email();
        String first = phoneInquiry(phi.firstName(), mail, null, miamiCoordinator);
        ApiClient.Answer lost = api().post("/api/records/v1/inquiries/" + first + "/loss", "{\"reason\":\"TIMING\"}")
                .token(miamiCoordinator).send();
        assertThat(lost.status()).as(lost.toString()).isEqualTo(200);

        String again = phoneInquiry(phi.firstName(), mail, phone(), otherMiamiCoordinator);
        assertThat(again).isNotEqualTo(first);
        assertThat(read(again, miamiCoordinator).get("contacts")).hasSize(1);
        assertThat(webFormPost(webForm(), phi.firstName(), mail.toUpperCase()).status()).isEqualTo(202);
        assertThat(read(again, miamiCoordinator).get("contacts")).as("the next contact joins the new inquiry").hasSize(2);
        assertThat(read(first, miamiCoordinator).get("contacts")).as("the lost one stays as it was").hasSize(1);
    }

    @Test
    void convertingAnInquiryOfAnExistingPatientLinksTheirChart() {
        Phi phi = Phi.fresh();
        String chart = register(phi);
        String id = phoneInquiry(phi.firstName(), phi.email(), null, miamiCoordinator);
        ApiClient.Answer converted = api().post("/api/records/v1/inquiries/" + id + "/conversion", """
                {"firstName":"%s","lastName":"%s","dateOfBirth":"%s"}""".formatted(phi.firstName(), phi.lastName(), phi.dateOfBirth()))
                .token(miamiCoordinator).send();
        assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
        assertThat(converted.json().get("patientId").asString()).isEqualTo(chart);
        assertThat(converted.json().get("existingChart").asBoolean()).isTrue();
        assertThat(read(id, miamiCoordinator).get("patientId").asString()).isEqualTo(chart);
        assertThat(mongo.findById("p-" + id, Document.class, "patients")).as("no second chart").isNull();
    }

    @Test
    void convertingANewPersonOpensTheirChartThroughRegistration() {
        Phi phi = Phi.fresh();
        String id = phoneInquiry(phi.firstName(), email(), phone(), miamiCoordinator);
        ApiClient.Answer converted = api().post("/api/records/v1/inquiries/" + id + "/conversion", """
                {"firstName":"%s","lastName":"%s","dateOfBirth":"1980-02-02"}""".formatted(phi.firstName(), phi.lastName() + "new"))
                .token(miamiCoordinator).send();
        assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
        assertThat(converted.json().get("existingChart").asBoolean()).isFalse();
        String patient = converted.json().get("patientId").asString();
        JsonNode chart = api().get("/api/records/v1/patients/" + patient).token(miamiCoordinator).send().json();
        assertThat(chart.get("preferredLanguage").asString()).isEqualTo("es");
        ApiClient.Answer missing = api().post("/api/records/v1/inquiries/" + phoneInquiry(phi.firstName(), email(), null, miamiCoordinator)
                + "/conversion", "{\"firstName\":\"A\"}").token(miamiCoordinator).send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("lastName");
    }

    @Test
    void twoCoordinatorsClaimingOneUnownedInquiryGiveItExactlyOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            ApiClient.Answer created = api().post("/api/records/v1/inquiries", """
                    {"locationId":"aurora-beverly-hills","source":"SMS","phone":"%s","message":"%s"}""".formatted(phone(), Phi.INQUIRY_MARKER))
                    .token(notificationService).header("Idempotency-Key", UUID.randomUUID().toString()).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asString();
            assertThat(read(id, laCoordinator).has("ownerId") && !read(id, laCoordinator).get("ownerId").isNull()).isFalse();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Answer>> claims = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (String token : List.of(laCoordinator, laCoordinator2)) {
                    claims.add(pool.submit(() -> {
                        go.await();
                        return api().post("/api/records/v1/inquiries/" + id + "/claim", "{}").token(token).send();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (Future<ApiClient.Answer> claim : claims) {
                    ApiClient.Answer answer = claim.get();
                    statuses.add(answer.status());
                    if (answer.status() == 200) {
                        winner = answer.json().get("ownerId").asString();
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                assertThat(read(id, laCoordinator).get("ownerId").asString()).isEqualTo(winner);
            }
        }
    }

    @Test
    void anInquiryWalkedToABookedSurgeryIsWonWithItsTimesFromTheEventsAlone() {
        Phi phi = Phi.fresh();
        String id = phoneInquiry(phi.firstName(), email(), phone(), miamiCoordinator);
        assertThat(api().post("/api/records/v1/inquiries/" + id + "/contact-attempts", "{\"channel\":\"PHONE\",\"outcome\":\"REACHED\"}")
                .token(miamiCoordinator).send().status()).isEqualTo(201);
        String patient = api().post("/api/records/v1/inquiries/" + id + "/conversion", """
                {"firstName":"%s","lastName":"%s","dateOfBirth":"1985-05-05"}""".formatted(phi.firstName(), phi.lastName() + "won"))
                .token(miamiCoordinator).send().json().get("patientId").asString();
        Instant start = Instant.parse("2027-01-12T15:00:00Z");
        String consult = "appt-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> consultBooked = CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami",
                new AppointmentBooked(consult, patient, "aurora-miami", "consultation", "CONSULTATION", List.of("dr-alvarez"),
                        List.of("consult-miami-1"), start, start.plus(Duration.ofMinutes(45))));
        TopicProbe.of(TestInfrastructure.get()).send(consultBooked);
        Instant consultAt = Instant.parse(header(consultBooked, "ce_time"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(read(id, miamiCoordinator).get("status").asString()).isEqualTo("CONSULT_BOOKED"));
        String surgery = "appt-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> surgeryBooked = CloudEventRecords.of("/liaison/scheduling-service", "aurora", "aurora-miami",
                new AppointmentBooked(surgery, patient, "aurora-miami", "breast-augmentation", "SURGERY", List.of("dr-alvarez"),
                        List.of("or-miami-1"), start.plus(Duration.ofDays(30)), start.plus(Duration.ofDays(30)).plus(Duration.ofHours(3))));
        TopicProbe.of(TestInfrastructure.get()).send(surgeryBooked);
        TopicProbe.of(TestInfrastructure.get()).send(surgeryBooked);
        Instant surgeryAt = Instant.parse(header(surgeryBooked, "ce_time"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(read(id, miamiCoordinator).get("status").asString()).isEqualTo("WON"));
        JsonNode won = read(id, miamiCoordinator);
        assertThat(won.get("consultationAppointmentId").asString()).isEqualTo(consult);
        assertThat(Instant.parse(won.get("convertedAt").asString())).isEqualTo(consultAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(won.get("surgeryAppointmentId").asString()).isEqualTo(surgery);
        assertThat(Instant.parse(won.get("wonAt").asString())).isEqualTo(surgeryAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(won.get("firstContactedAt").isNull()).isFalse();
        List<JsonNode> events = eventsAbout(Topics.RECORDS_INQUIRY, id,
                types -> types.contains("health.liaison.records.inquiry.won.v1"));
        assertThat(events.stream().map(e -> e.get("_type").asString())).containsExactly(RECEIVED,
                "health.liaison.records.inquiry.contacted.v1", "health.liaison.records.inquiry.converted.v1",
                "health.liaison.records.inquiry.won.v1");
        assertThat(events.get(3).get("surgeryAppointmentId").asString()).isEqualTo(surgery);
        // the inquiry's tasks close with it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api().get("/api/records/v1/tasks/first-response-" + id)
                .token(miamiCoordinator).send().json().get("status").asString()).isIn("DONE", "CANCELLED"));
    }

    static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void anotherPracticeGroupSeesAndChangesNothingOnAnyEndpoint() {
        Phi phi = Phi.fresh();
        String id = phoneInquiry(phi.firstName(), email(), phone(), miamiCoordinator);
        JsonNode before = read(id, miamiCoordinator);
        String base = "/api/records/v1/inquiries/" + id;
        List<ApiClient.Answer> answers = List.of(
                api().get(base).token(belmont).send(),
                api().get(base + "/contact").token(belmontService).send(),
                api().post(base + "/contact-attempts", "{\"channel\":\"PHONE\",\"outcome\":\"REACHED\"}").token(belmont).send(),
                api().post(base + "/claim", "{}").token(belmont).send(),
                api().post(base + "/loss", "{\"reason\":\"PRICE\"}").token(belmont).send(),
                api().post(base + "/conversion", "{\"firstName\":\"A\",\"lastName\":\"B\",\"dateOfBirth\":\"1990-01-01\"}").token(belmont).send(),
                api().get("/api/records/v1/tasks/first-response-" + id).token(belmont).send(),
                api().post("/api/records/v1/tasks/first-response-" + id + "/completion", "{}").token(belmont).send(),
                api().post("/api/records/v1/tasks", "{\"kind\":\"CALL_BACK\",\"subjectType\":\"INQUIRY\",\"subjectId\":\"" + id
                        + "\",\"dueAt\":\"2027-01-01T10:00:00Z\"}").token(belmont).send());
        for (ApiClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain(phi.firstName());
        }
        JsonNode list = api().get("/api/records/v1/inquiries?locationId=aurora-miami&size=100").token(belmont).send().json();
        assertThat(list.get("totalItems").asLong()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/records/v1/tasks/first-response-" + id)
                .token(miamiCoordinator).send().status() == 200);
        assertThat(api().get("/api/records/v1/tasks?scope=team&locationId=aurora-miami").token(belmont).send().json()
                .get("totalItems").asLong()).isZero();
        JsonNode after = read(id, miamiCoordinator);
        assertThat(after.get("status")).isEqualTo(before.get("status"));
        assertThat(after.get("ownerId")).isEqualTo(before.get("ownerId"));
        assertThat(after.get("attempts")).isEqualTo(before.get("attempts"));
        assertThat(after.get("patientId")).isEqualTo(before.get("patientId"));
        assertThat(api().get("/api/records/v1/tasks/first-response-" + id).token(miamiCoordinator).send().json()
                .get("status").asString()).isEqualTo("OPEN");
        // the owner's trail shows that someone outside tried
        JsonNode trail = api().get("/api/records/v1/audit?limit=200").token(admin).send().json();
        assertThat(texts(trail, "detail")).anyMatch(d -> d.equals("a user of another practice group asked for inquiry " + id));
    }

    @Test
    void otherRolesAndOtherClinicsAreRefused() {
        String id = phoneInquiry("Zephyrine Qx", email(), null, miamiCoordinator);
        assertThat(api().get("/api/records/v1/inquiries/" + id).token(miamiNurse).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/inquiries").token(billing).send().status()).isEqualTo(403);
        assertThat(api().post("/api/records/v1/inquiries/" + id + "/claim", "{}").token(surgeon).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/inquiries/" + id).token(laCoordinator).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/inquiries/" + id + "/contact").token(miamiCoordinator).send().status()).isEqualTo(403);
        assertThat(api().post("/api/records/v1/inquiry-forms", "{\"locationId\":\"aurora-miami\"}").token(miamiCoordinator).send().status())
                .isEqualTo(403);
    }

    @Test
    void everyReadOfAnInquirysDetailsIsAudited() {
        String id = phoneInquiry("Zephyrine Qx", email(), phone(), miamiCoordinator);
        read(id, miamiCoordinator);
        read(id, admin);
        api().get("/api/records/v1/inquiries?locationId=aurora-miami&size=100").token(miamiCoordinator).send();
        ApiClient.Answer contact = api().get("/api/records/v1/inquiries/" + id + "/contact").token(notificationService).send();
        assertThat(contact.status()).isEqualTo(200);
        assertThat(contact.json().get("preferredLanguage").asString()).isEqualTo("es");
        api().get("/api/records/v1/inquiries/" + id).token(laCoordinator).send();
        JsonNode trail = api().get("/api/records/v1/audit?limit=1000").token(admin).send().json();
        List<String> about = new ArrayList<>();
        for (JsonNode entry : trail) {
            String detail = entry.get("detail").isNull() ? "" : entry.get("detail").asString();
            if (detail.equals("inquiry " + id) || detail.startsWith("inquiry " + id + " ")) {
                about.add(entry.get("action").asString() + " " + entry.get("userId").asString() + " " + entry.get("outcome").asString());
            }
        }
        assertThat(about).contains("READ_INQUIRY coord-miami ALLOWED", "READ_INQUIRY admin-aurora ALLOWED",
                "LIST_INQUIRY coord-miami ALLOWED", "READ_INQUIRY_CONTACT notification-service@aurora ALLOWED",
                "READ_INQUIRY coord-la DENIED", "CREATE_INQUIRY coord-miami ALLOWED");
        assertThat(api().get("/api/records/v1/audit/verification").token(admin).send().json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anUnansweredCallSchedulesTheNextAttemptAndClosesTheFirstResponse() {
        miamiDefined();
        String id = phoneInquiry("Zephyrine Qx", email(), phone(), miamiCoordinator);
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/records/v1/tasks/first-response-" + id)
                .token(miamiCoordinator).send().status() == 200);
        ApiClient.Answer attempt = api().post("/api/records/v1/inquiries/" + id + "/contact-attempts",
                "{\"channel\":\"PHONE\",\"outcome\":\"NO_ANSWER\",\"note\":\"" + Phi.INQUIRY_MARKER + "\"}").token(miamiCoordinator).send();
        assertThat(attempt.status()).as(attempt.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode next = api().get("/api/records/v1/tasks/attempt-" + id + "-2").token(miamiCoordinator).send().json();
            assertThat(next.get("kind").asString()).isEqualTo("NEXT_ATTEMPT");
            assertThat(next.get("ownerId").asString()).isEqualTo("coord-miami");
            assertThat(api().get("/api/records/v1/tasks/first-response-" + id).token(miamiCoordinator).send().json()
                    .get("status").asString()).isEqualTo("DONE");
        });
        JsonNode inquiry = read(id, miamiCoordinator);
        assertThat(inquiry.get("status").asString()).isEqualTo("CONTACTED");
        assertThat(inquiry.get("contacts").get(1).get("text").asString()).isEqualTo(Phi.INQUIRY_MARKER);
        ApiClient.Answer lost = api().post("/api/records/v1/inquiries/" + id + "/loss", "{\"reason\":\"NO_ANSWER\"}").token(miamiCoordinator).send();
        assertThat(lost.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api().get("/api/records/v1/tasks/attempt-" + id + "-2")
                .token(miamiCoordinator).send().json().get("status").asString()).isEqualTo("CANCELLED"));
        assertThat(api().post("/api/records/v1/inquiries/" + id + "/loss", "{\"reason\":\"PRICE\"}").token(miamiCoordinator).send().status())
                .isEqualTo(409);
        assertThat(api().post("/api/records/v1/inquiries/" + id + "/loss", "{\"reason\":\"CHEAP\"}").token(miamiCoordinator).send().body())
                .contains("reason");
    }
}
