package health.liaison.notifications.inbound;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMS through the Twilio-style provider (WireMock on a real port) and the signed webhook back: STOP stops every SMS
 * to the number while email still flows, "C" confirms the appointment, unknown replies reach the coordinators'
 * inbox, a provider failing for a while is retried without a duplicate.
 */
class TwoWaySmsIT extends ServiceUnderTest {

    @Autowired
    MongoTemplate mongo;


    private static final String CLINIC_NUMBER = "+13055550100";
    private final WebhookSignature signature = new WebhookSignature(TestProviders.WEBHOOK_SECRET);

    @Test
    void afterStopNoFurtherSmsGoesToTheNumberButEmailStillFlows() {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", phone = uniquePhone();
        TestProviders.patientInRecords(patient, "Ana", email, phone, "en");
        String first = unique("apt");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", first, patient, "aurora-miami", "consultation", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.smsTo(phone) == 1 && TestProviders.mailTo(email).size() == 1);
        assertThat(TestProviders.smsBodiesTo(phone).getFirst())
                .startsWith("Aurora Miami: your appointment is booked for ").endsWith("Reply C to confirm, STOP to opt out.")
                .doesNotContain("consultation");

        ApiClient.Answer stop = reply(phone, "STOP");
        assertThat(stop.status()).as(stop.toString()).isEqualTo(200);
        assertThat(stop.json().get("reply").asString()).contains("no more texts");
        String answered = "confirm-" + first + "-" + start.getEpochSecond() + "-SMS";
        ConsumerRecord<String, byte[]> optedOut = awaitEvent("health.liaison.notifications.message.patient-opted-out.v1", answered);
        assertThat(new String(optedOut.value(), StandardCharsets.UTF_8)).contains("\"patientId\":\"" + patient + "\"")
                .doesNotContain(phone).doesNotContain("Ana");

        String second = unique("apt");
        Instant later = nextMiami(12, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", second, patient, "aurora-miami", "consultation", later);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 2);
        String secondSms = "confirm-" + second + "-" + later.getEpochSecond() + "-SMS";
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(patient, secondSms).equals("SUPPRESSED"));
        assertThat(message(patient, secondSms).get("failureReason").asString()).isIn("OPTED_OUT", "NO_CONSENT");
        assertThat(TestProviders.smsTo(phone)).isEqualTo(1);
    }

    @Test
    void replyingCConfirmsTheAppointmentTheTextWasAbout() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "es");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.smsTo(phone) == 1);
        assertThat(TestProviders.smsBodiesTo(phone).getFirst()).startsWith("Aurora Miami: su cita está reservada para el ");

        ApiClient.Answer confirmed = reply(phone, " c ");

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().get("reply").asString()).contains("confirmed");
        String answered = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";
        ConsumerRecord<String, byte[]> event = awaitEvent("health.liaison.notifications.message.patient-confirmed.v1", answered);
        JsonNode payload = ApiClient.json().readTree(event.value());
        assertThat(payload.get("appointmentId").asString()).isEqualTo(appointment);
        assertThat(payload.get("patientId").asString()).isEqualTo(patient);
        assertThat(TopicProbe.header(event, "ce_tenantid")).contains("aurora");
    }

    @Test
    void theProvidersDeliveryReceiptMarksTheMessageDelivered() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("SENT"));
        String sid = TestProviders.sms().getAllServeEvents().stream()
                .filter(e -> phone.equals(e.getRequest().formParameter("To").firstValue()))
                .map(e -> ApiClient.json().readTree(e.getResponse().getBodyAsString()).get("sid").asString())
                .findFirst().orElseThrow();

        String body = """
                {"providerMessageId":"%s","from":"%s","status":"delivered"}""".formatted(sid, CLINIC_NUMBER);
        ApiClient.Answer receipt = api().post("/api/notifications/v1/inbound/sms/status", body)
                .header("X-Liaison-Signature", signature.sign(body.getBytes(StandardCharsets.UTF_8))).send();

        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
        assertThat(statusOf(patient, id)).isEqualTo("DELIVERED");
        awaitEvent("health.liaison.notifications.message.delivered.v1", id);
    }

    @Test
    void anUnknownReplyWaitsInTheCoordinatorsInboxAndHelpAnswersWithTheClinicsNumber() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", nextMiami(10, LocalTime.NOON));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.smsTo(phone) == 1);

        assertThat(reply(phone, "HELP").json().get("reply").asString()).contains("+1 305 555 0100");
        String question = "Can I bring my sister? " + UUID.randomUUID();
        assertThat(reply(phone, question).status()).isEqualTo(200);

        ApiClient.Answer inbox = api().get("/api/notifications/v1/inbox?locationId=aurora-miami").token(coordinator()).send();
        assertThat(inbox.status()).isEqualTo(200);
        List<JsonNode> entries = inbox.json().valueStream().filter(e -> e.get("text").asString().equals(question)).toList();
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("patientId").asString()).isEqualTo(patient);
        // PHI at rest: the stored document has the text only sealed (Tink AEAD), readable by nobody with the database alone
        Document stored = mongo.getCollection("inbound_texts").find(new Document("_id", entries.getFirst().get("id").asString())).first();
        assertThat(stored).isNotNull();
        assertThat(stored.toJson()).doesNotContain(question).doesNotContain("my sister");
        assertThat(stored.getString("sealedText")).isNotBlank();
        assertThat(stored.containsKey("text")).isFalse();
        ApiClient.Answer otherGroup = api().get("/api/notifications/v1/inbox?locationId=aurora-miami")
                .token(health.liaison.platform.testing.TestIdentity.coordinator("belmont", "belmont-chicago")).send();
        assertThat(otherGroup.status()).isEqualTo(403);
    }

    @Test
    void aWebhookWithABadSignatureIsRefusedAndChangesNothing() {
        String body = """
                {"from":"+13055559999","to":"%s","body":"STOP","providerMessageId":"SM-forged"}""".formatted(CLINIC_NUMBER);
        ApiClient.Answer forged = api().post("/api/notifications/v1/inbound/sms", body)
                .header("X-Liaison-Signature", signature.sign((body + " ").getBytes(StandardCharsets.UTF_8))).send();
        ApiClient.Answer unsigned = api().post("/api/notifications/v1/inbound/sms", body).send();

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forged.json().get("type").asString()).endsWith("/bad-signature");
        assertThat(unsigned.status()).isEqualTo(401);
    }

    @Test
    void theSmsProviderFailingForAWhileIsRetriedThenSucceedsWithoutADuplicate() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        String scenario = "outage-" + phone;
        for (String[] step : new String[][]{{Scenario.STARTED, "second"}, {"second", "recovered"}}) {
            TestProviders.sms().stubFor(post(urlPathEqualTo(TestProviders.SMS_PATH)).atPriority(1)
                    .withFormParam("To", equalTo(phone)).inScenario(scenario).whenScenarioStateIs(step[0])
                    .willSetStateTo(step[1]).willReturn(aResponse().withStatus(503)));
        }
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";

        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("SENT"));
        assertThat(message(patient, id).get("attempts").asInt()).isEqualTo(3);
        assertThat(TestProviders.smsTo(phone)).isEqualTo(3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> TestProviders.smsTo(phone) == 3);
        List<ConsumerRecord<String, byte[]>> sent = TopicProbe.of(TestInfrastructure.get()).readUntil(
                Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(20), list -> list.stream().anyMatch(r -> isSent(r, id)));
        assertThat(sent.stream().filter(r -> isSent(r, id))).hasSize(1);
    }

    @Test
    void aMessageThatKeepsFailingIsShownToCoordinators() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        TestProviders.sms().stubFor(post(urlPathEqualTo(TestProviders.SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(phone)).willReturn(aResponse().withStatus(503)));
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";

        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("FAILED"));
        assertThat(TestProviders.smsTo(phone)).isEqualTo(4);
        ApiClient.Answer failed = api().get("/api/notifications/v1/failed-messages?locationId=aurora-miami").token(coordinator()).send();
        assertThat(failed.status()).isEqualTo(200);
        JsonNode entry = failed.json().valueStream().filter(m -> m.get("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(entry.get("failureReason").asString()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(entry.get("attempts").asInt()).isEqualTo(4);
        awaitEvent("health.liaison.notifications.message.failed.v1", id);
    }

    private static boolean isSent(ConsumerRecord<String, byte[]> record, String messageId) {
        return messageId.equals(record.key())
                && TopicProbe.header(record, "ce_type").orElse("").equals("health.liaison.notifications.message.sent.v1");
    }

    private static ConsumerRecord<String, byte[]> awaitEvent(String type, String messageId) {
        return TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(20),
                        list -> list.stream().anyMatch(r -> messageId.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").equals(type)))
                .stream().filter(r -> messageId.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").equals(type))
                .findFirst().orElseThrow();
    }

    private ApiClient.Answer reply(String from, String text) {
        String body = """
                {"from":"%s","to":"%s","body":"%s","providerMessageId":"SM%s"}""".formatted(from, CLINIC_NUMBER, text,
                UUID.randomUUID().toString().replace("-", ""));
        return api().post("/api/notifications/v1/inbound/sms", body)
                .header("X-Liaison-Signature", signature.sign(body.getBytes(StandardCharsets.UTF_8))).send();
    }

    private static String uniquePhone() {
        return "+1305" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
