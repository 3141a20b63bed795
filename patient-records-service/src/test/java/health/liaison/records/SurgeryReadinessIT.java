package health.liaison.records;

import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.notifications.MessageSent;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** From booked surgery to "cleared": the pre-op checklist follows events and the care team; care plans; complaints. */
class SurgeryReadinessIT extends RecordsTestBase {

    @Test
    void aBookedSurgerysChecklistCompletesFromConsentsPhotosTheCareTeamAndInstructionsSentAndEachChangeIsAnEvent() throws Exception {
        String id = register(Phi.fresh());
        String type = "abdominoplasty-" + run;
        String appointment = "apt-" + run;
        publish("aurora", "aurora-miami", new AppointmentBooked(appointment, id, "aurora-miami", type, "SURGERY",
                List.of("dr-vega"), List.of("or-1"), Instant.now().plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)).plusSeconds(10800)));
        String checklist = "/api/records/v1/surgeries/" + appointment + "/checklist";
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get(checklist).token(miamiNurse).send().status() == 200);
        assertThat(outstanding(checklist)).containsExactly("HISTORY_AND_PHYSICAL", "LABS", "MEDICAL_CLEARANCE",
                "CONSENTS_SIGNED", "PRE_OP_PHOTOS", "DEPOSIT_PAID", "INSTRUCTIONS_SENT");
        assertThat(api().get(checklist).token(belmont).send().status()).isEqualTo(404);

        // consents: the surgery's form and the photography form, signed
        String form = "Abdominoplasty risks " + run;
        JsonNode template = api().post("/api/records/v1/consent-templates", "{\"consentType\":\"" + type + "\",\"title\":\"Tummy tuck\",\"text\":\"" + form + "\"}")
                .token(surgeon).send().json();
        assertThat(texts(api().get("/api/records/v1/patients/" + id + "/consents/missing").token(miamiNurse).send().json(), "consentType"))
                .containsExactly(type);
        sign(id, template.get("id").asString(), sha(form));
        await().atMost(Duration.ofSeconds(30)).until(() -> !outstanding(checklist).contains("CONSENTS_SIGNED"));

        api().post("/api/records/v1/consent-templates", "{\"consentType\":\"photography\",\"title\":\"Photos\",\"text\":\"photos " + run + "\"}")
                .token(admin).send();
        JsonNode photoForm = api().get("/api/records/v1/consent-templates?consentType=photography").token(miamiNurse).send().json().get(0);
        sign(id, photoForm.get("id").asString(), photoForm.get("textSha256").asString());
        var upload = uploadPhoto(id, type);
        assertThat(upload.statusCode()).as(new String(upload.body())).isEqualTo(201);
        assertThat(outstanding(checklist)).doesNotContain("PRE_OP_PHOTOS");

        // the care team ticks its items; medical clearance is the provider's
        assertThat(api().post(checklist + "/HISTORY_AND_PHYSICAL", "{\"note\":\"H&P done\"}").token(miamiNurse).send().status()).isEqualTo(200);
        assertThat(api().post(checklist + "/LABS", "{}").token(miamiNurse).send().status()).isEqualTo(200);
        ApiClient.Answer nurseClears = api().post(checklist + "/MEDICAL_CLEARANCE", "{}").token(miamiNurse).send();
        assertThat(nurseClears.status()).isEqualTo(403);
        assertThat(api().post(checklist + "/MEDICAL_CLEARANCE", "{}").token(surgeon).send().status()).isEqualTo(200);
        ApiClient.Answer byHand = api().post(checklist + "/DEPOSIT_PAID", "{}").token(surgeon).send();
        assertThat(byHand.status()).isEqualTo(400);
        assertThat(byHand.body()).contains("item");

        // the notification service reports the pre-op instructions sent
        publish("aurora", "aurora-miami", new MessageSent("msg-" + run, id, "aurora-miami", appointment, "PRE_OP_INSTRUCTIONS",
                "EMAIL", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !outstanding(checklist).contains("INSTRUCTIONS_SENT"));
        JsonNode now = api().get(checklist).token(miamiNurse).send().json();
        assertThat(now.get("cleared").asBoolean()).isFalse();
        assertThat(texts(now.get("outstanding"), null)).containsExactly("DEPOSIT_PAID");
        assertThat(now.get("done").get("HISTORY_AND_PHYSICAL").get("by").asString()).isEqualTo("nurse-miami");

        // every change was published, ids and item codes only
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> clearanceEvents(list, id).size() >= 6);
        List<String> payloads = clearanceEvents(events, id);
        assertThat(payloads.getLast()).contains("\"outstanding\":[\"DEPOSIT_PAID\"]").contains("\"cleared\":false");
        payloads.forEach(p -> assertThat(p).doesNotContain("phi-marker").doesNotContain("Zephyrine"));

        // billing announces the deposit paid: the patient is cleared
        publish("aurora", "aurora-miami", new DepositPaid("dep-" + run, "q-" + run, id,
                "aurora-miami", appointment, Instant.now(), new BigDecimal("2450.00"), "USD"));
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get(checklist).token(miamiNurse).send().json().get("cleared").asBoolean());
        var cleared = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> clearanceEvents(list, id).stream().anyMatch(p -> p.contains("\"cleared\":true")));
        assertThat(clearanceEvents(cleared, id).getLast()).contains("\"outstanding\":[]");

        // undoing an item reopens it; a cancelled surgery leaves the open list
        assertThat(texts(api().delete(checklist + "/LABS").token(miamiNurse).send().json().get("outstanding"), null)).contains("LABS");
        publish("aurora", "aurora-miami", new AppointmentCancelled(appointment, id, "aurora-miami", type, "SURGERY",
                Instant.now().plus(Duration.ofDays(30)), "PATIENT_REQUEST", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(api().get(checklist).token(miamiNurse).send().json().get("status").asString()));
        assertThat(api().get("/api/records/v1/patients/" + id + "/consents/missing").token(miamiNurse).send().json().size()).isZero();
    }

    @Test
    void carePlansAreAuthoredPerProcedureAndIssuedForASurgeryWhichIsAnEventTheNotificationServiceActsOn() {
        String id = register(Phi.fresh());
        String type = "rhinoplasty-" + run;
        String appointment = "apt-cp-" + run;
        publish("aurora", "aurora-miami", new AppointmentBooked(appointment, id, "aurora-miami", type, "SURGERY",
                List.of("dr-vega"), List.of("or-1"), Instant.now().plus(Duration.ofDays(14)), Instant.now().plus(Duration.ofDays(14)).plusSeconds(7200)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/records/v1/surgeries/" + appointment + "/checklist").token(miamiNurse).send().status() == 200);
        String issue = "/api/records/v1/patients/" + id + "/care-plans";
        ApiClient.Answer none = api().post(issue, "{\"appointmentId\":\"" + appointment + "\",\"kind\":\"PRE_OP\"}").token(miamiNurse).send();
        assertThat(none.status()).isEqualTo(422);
        assertThat(api().post("/api/records/v1/care-plan-templates", "{\"appointmentTypeId\":\"" + type + "\",\"kind\":\"PRE_OP\",\"title\":\"Before your rhinoplasty\","
                + "\"instructions\":\"Stop aspirin 7 days before. Nothing to eat after midnight.\"}").token(miamiCoordinator).send().status()).isEqualTo(403);
        assertThat(api().post("/api/records/v1/care-plan-templates", "{\"appointmentTypeId\":\"" + type + "\",\"kind\":\"PRE_OP\",\"title\":\"Before your rhinoplasty\","
                + "\"instructions\":\"Stop aspirin 7 days before. Nothing to eat after midnight.\"}").token(surgeon).send().status()).isEqualTo(201);
        assertThat(api().post(issue, "{\"appointmentId\":\"apt-of-someone-else\",\"kind\":\"PRE_OP\"}").token(miamiNurse).send().body())
                .contains("appointmentId");

        ApiClient.Answer issued = api().post(issue, "{\"appointmentId\":\"" + appointment + "\",\"kind\":\"PRE_OP\"}")
                .token(miamiNurse).header("Idempotency-Key", "cp-" + run).send();
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("instructions").asString()).contains("Stop aspirin");
        assertThat(api().post(issue, "{\"appointmentId\":\"" + appointment + "\",\"kind\":\"PRE_OP\"}")
                .token(miamiNurse).header("Idempotency-Key", "cp-" + run).send().status()).isEqualTo(200);
        String planId = issued.json().get("id").asString();
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> TopicProbe.header(r, "ce_type").orElse("").contains("care-plan-issued")
                        && new String(r.value()).contains(planId)));
        assertThat(events.stream().filter(r -> new String(r.value()).contains(planId)).count()).isEqualTo(1);
        assertThat(api().get(issue + "/" + planId).token(miamiCoordinator).send().json().get("title").asString()).isEqualTo("Before your rhinoplasty");
        // care instructions are clinical: billing staff do not read them, the notification service (SERVICE) does
        assertThat(api().get(issue + "/" + planId).token(billing).send().status()).isEqualTo(403);
        String notificationService = TestIdentity.token().subject("notification-service@aurora").tenant("aurora")
                .locations("aurora-miami", "aurora-beverly-hills").roles("SERVICE").sign();
        ApiClient.Answer sent = api().get(issue + "/" + planId).token(notificationService).send();
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("instructions").asString()).contains("Stop aspirin");
        assertThat(api().get(issue).token(notificationService).send().status()).as("the list stays the care team's").isEqualTo(403);
        assertThat(api().get("/api/records/v1/patients/" + id + "/notes").token(notificationService).send().status()).isEqualTo(403);
    }

    @Test
    void complaintsGetADueDateFromTheirCategoryAreListedForTheClinicAndResolvedOnceAndSatisfactionIsScoredOncePerVisit() {
        String id = register(Phi.fresh());
        String path = "/api/records/v1/patients/" + id + "/complaints";
        ApiClient.Answer opened = api().post(path, "{\"category\":\"BILLING\",\"description\":\"" + Phi.NOTE_MARKER + " charged twice\"}")
                .token(miamiCoordinator).send();
        assertThat(opened.status()).isEqualTo(201);
        LocalDate due = LocalDate.parse(opened.json().get("dueOn").asString());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(due).isAfter(today.plusDays(4)).isBefore(today.plusDays(10));
        assertThat(due.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        String complaintId = opened.json().get("id").asString();
        assertThat(api().post(path, "{\"category\":\"FOOD\",\"description\":\"x\"}").token(miamiCoordinator).send().body()).contains("category");

        JsonNode work = api().get("/api/records/v1/complaints?locationId=aurora-miami&size=200").token(miamiCoordinator).send().json().get("items");
        assertThat(texts(work, "id")).contains(complaintId);
        assertThat(work.toString()).doesNotContain(Phi.NOTE_MARKER);
        assertThat(api().get("/api/records/v1/complaints?locationId=aurora-miami").token(laCoordinator).send().status()).isEqualTo(400);
        assertThat(texts(api().get("/api/records/v1/complaints?size=200").token(belmont).send().json().get("items"), "id")).doesNotContain(complaintId);

        ApiClient.Answer resolved = api().post(path + "/" + complaintId + "/resolution", "{\"resolution\":\"refunded the duplicate charge\"}")
                .token(miamiCoordinator).send();
        assertThat(resolved.json().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(api().post(path + "/" + complaintId + "/resolution", "{\"resolution\":\"again\"}").token(miamiCoordinator).send().status()).isEqualTo(409);
        assertThat(texts(api().get("/api/records/v1/complaints?locationId=aurora-miami&size=200").token(miamiCoordinator).send().json().get("items"), "id"))
                .doesNotContain(complaintId);

        String visit = "/api/records/v1/patients/" + id + "/satisfaction";
        assertThat(api().post(visit, "{\"appointmentId\":\"v1-" + run + "\",\"score\":10}").token(miamiCoordinator).send().status()).isEqualTo(201);
        assertThat(api().post(visit, "{\"appointmentId\":\"v1-" + run + "\",\"score\":3}").token(miamiCoordinator).send().status()).isEqualTo(409);
        assertThat(api().post(visit, "{\"appointmentId\":\"v2-" + run + "\",\"score\":11}").token(miamiCoordinator).send().body()).contains("score");
        JsonNode summary = api().get("/api/records/v1/satisfaction/summary?locationId=aurora-miami").token(admin).send().json();
        assertThat(summary.get("answers").asLong()).isGreaterThanOrEqualTo(1);
    }

    private List<String> outstanding(String checklist) {
        ApiClient.Answer answer = api().get(checklist).token(miamiNurse).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return texts(answer.json().get("outstanding"), null);
    }

    private void sign(String patientId, String templateId, String hash) {
        ApiClient.Answer signed = api().post("/api/records/v1/patients/" + patientId + "/consents", "{\"templateId\":\"" + templateId
                + "\",\"textSha256\":\"" + hash + "\",\"signerName\":\"" + Phi.SIGNER_MARKER + "\"}").token(miamiNurse).send();
        assertThat(signed.status()).as(signed.toString()).isEqualTo(201);
    }

    private java.net.http.HttpResponse<byte[]> uploadPhoto(String patientId, String procedure) throws Exception {
        return upload(patientId, "front.png", "image/png", pngBytes(), miamiNurse, procedure);
    }

    private static List<String> clearanceEvents(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records, String patientId) {
        return records.stream().filter(r -> patientId.equals(r.key())
                        && TopicProbe.header(r, "ce_type").orElse("").contains("clearance-changed"))
                .map(r -> new String(r.value())).toList();
    }
}
