package health.liaison.notifications.twilio;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.channels.SmsChannel;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twilio's own contract: its form-encoded incoming-message and status-callback webhooks with the fields its docs
 * list, signed with {@code X-Twilio-Signature} computed here from the documented algorithm (HMAC-SHA1 of URL and
 * sorted parameters, keyed with the auth token); a forged or tampered one is refused with 403 and changes nothing.
 * And a send whose answer is lost after Twilio accepted it is resent with the same idempotency token: the provider
 * (WireMock, answering one message per token as Twilio does) sees the token twice and there is one message.
 */
class TwilioSmsIT extends ServiceUnderTest {

    private static final String CLINIC_NUMBER = "+13055550100";
    private static final String AUTH_TOKEN = "test-auth-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MongoTemplate mongo;

    @Test
    void aSignedIncomingMessageIsAnsweredWithTwimlAndItsTextStoredSealed() {
        String phone = aPatientWasTexted().phone();
        String question = "Can I bring my sister? " + UUID.randomUUID();
        String sid = messageSid();

        HttpResponse<String> answer = postSigned(TwilioWebhooks.INBOUND_PATH, incoming(sid, phone, question), AUTH_TOKEN);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
                + "Aurora Miami: thank you, a coordinator will get back to you.</Message></Response>");
        Document stored = mongo.getCollection("inbound_texts").find(new Document("_id", sid)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.toJson()).doesNotContain(question).doesNotContain("my sister");
        assertThat(stored.getString("sealedText")).isNotBlank();
    }

    @Test
    void aForgedOrTamperedIncomingMessageIsRefusedAndChangesNothing() {
        String phone = aPatientWasTexted().phone();
        String forgedSid = messageSid(), tamperedSid = messageSid();

        HttpResponse<String> forged = postSigned(TwilioWebhooks.INBOUND_PATH, incoming(forgedSid, phone, "STOP"), "not-the-token");
        Map<String, String> tampered = incoming(tamperedSid, phone, "Hello");
        String signedForHello = signature(TwilioWebhooks.INBOUND_PATH, tampered, AUTH_TOKEN);
        tampered.put("Body", "STOP");
        HttpResponse<String> changed = postForm(TwilioWebhooks.INBOUND_PATH, tampered, signedForHello);
        HttpResponse<String> unsigned = postForm(TwilioWebhooks.INBOUND_PATH, incoming(messageSid(), phone, "STOP"), null);

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(forged.body()).contains("bad-signature").doesNotContain(phone);
        assertThat(changed.statusCode()).isEqualTo(403);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(mongo.getCollection("inbound_texts").countDocuments(new Document("_id",
                new Document("$in", List.of(forgedSid, tamperedSid))))).isZero();
        // STOP was never taken: the next text to the number still goes
        Texted second = aPatientWasTexted(phone);
        assertThat(statusOf(second.patient(), second.messageId())).isEqualTo("SENT");
    }

    @Test
    void aSignedStatusCallbackMarksTheMessageDeliveredAndAForgedOneChangesNothing() {
        Texted texted = aPatientWasTexted();
        String sid = providerSid(texted.messageId());

        HttpResponse<String> forged = postSigned(TwilioWebhooks.STATUS_PATH, status(sid, texted.phone(), "delivered"), "not-the-token");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(statusOf(texted.patient(), texted.messageId())).isEqualTo("SENT");

        HttpResponse<String> delivered = postSigned(TwilioWebhooks.STATUS_PATH, status(sid, texted.phone(), "delivered"), AUTH_TOKEN);
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(204);
        assertThat(statusOf(texted.patient(), texted.messageId())).isEqualTo("DELIVERED");
        awaitEvent("health.liaison.notifications.message.delivered.v1", texted.messageId());
    }

    @Test
    void aSendWhoseAnswerIsLostAfterTwilioAcceptedItIsResentWithTheSameTokenAndIsOneMessage() {
        goToNextMorning();
        String patient = unique("pat"), phone = uniquePhone(), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        String scenario = "answer-lost-" + phone;
        // Twilio takes the request, then the connection dies before we read its answer (we record nothing)
        TestProviders.sms().stubFor(post(urlPathEqualTo(TestProviders.SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(phone)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("accepted").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        // as Twilio does with an idempotency token: the same token is the same message, with the same sid
        TestProviders.sms().stubFor(post(urlPathEqualTo(TestProviders.SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(phone)).inScenario(scenario).whenScenarioStateIs("accepted")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM{{request.headers.I-Twilio-Idempotency-Token}}\",\"status\":\"queued\"}")));
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";

        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("SENT"));

        List<LoggedRequest> seen = TestProviders.sms().findAll(postRequestedFor(urlPathEqualTo(TestProviders.SMS_PATH))
                .withFormParam("To", equalTo(phone)));
        assertThat(seen).hasSize(2);
        assertThat(seen).allSatisfy(r -> assertThat(r.getHeader(SmsChannel.IDEMPOTENCY_HEADER)).isEqualTo(id));
        assertThat(seen.stream().map(r -> r.getHeader(SmsChannel.IDEMPOTENCY_HEADER)).distinct()).hasSize(1);
        assertThat(providerSid(id)).isEqualTo("SM" + id);
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.of(TestInfrastructure.get()).readUntil(
                Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(20), list -> list.stream().anyMatch(r -> isSent(r, id)));
        assertThat(events.stream().filter(r -> isSent(r, id))).hasSize(1);
    }

    record Texted(String patient, String phone, String messageId) {
    }

    private Texted aPatientWasTexted() {
        return aPatientWasTexted(uniquePhone());
    }

    private Texted aPatientWasTexted(String phone) {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        Instant start = nextMiami(10, LocalTime.NOON);
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("SENT"));
        return new Texted(patient, phone, id);
    }

    private String providerSid(String messageId) {
        Document message = mongo.getCollection("messages").find(new Document("_id", messageId)).first();
        assertThat(message).as("message " + messageId).isNotNull();
        return message.getString("providerMessageId");
    }

    /** The fields Twilio's docs list for an incoming SMS. */
    private static Map<String, String> incoming(String sid, String from, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("ToState", "FL");
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("ToCity", "MIAMI");
        form.put("FromZip", "33101");
        form.put("SmsSid", sid);
        form.put("FromState", "FL");
        form.put("SmsStatus", "received");
        form.put("FromCity", "MIAMI");
        form.put("Body", body);
        form.put("FromCountry", "US");
        form.put("To", CLINIC_NUMBER);
        form.put("ToZip", "33101");
        form.put("NumSegments", "1");
        form.put("MessageSid", sid);
        form.put("AccountSid", "AC" + "0".repeat(32));
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    /** A status callback as Twilio sends it for a message we sent from the clinic number. */
    private static Map<String, String> status(String sid, String to, String messageStatus) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", sid);
        form.put("SmsStatus", messageStatus);
        form.put("MessageStatus", messageStatus);
        form.put("To", to);
        form.put("MessageSid", sid);
        form.put("AccountSid", "AC" + "0".repeat(32));
        form.put("From", CLINIC_NUMBER);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    private HttpResponse<String> postSigned(String path, Map<String, String> form, String token) {
        return postForm(path, form, signature(path, form, token));
    }

    private String signature(String path, Map<String, String> form, String token) {
        return new TwilioSignature(token).sign(url(path), form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form, String signature) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(TwilioWebhooks.SIGNATURE_HEADER, signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String messageSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static boolean isSent(ConsumerRecord<String, byte[]> record, String messageId) {
        return messageId.equals(record.key())
                && TopicProbe.header(record, "ce_type").orElse("").equals("health.liaison.notifications.message.sent.v1");
    }

    private static void awaitEvent(String type, String messageId) {
        TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(20),
                list -> list.stream().anyMatch(r -> messageId.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").equals(type)));
    }

    private static String uniquePhone() {
        return "+1305" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
