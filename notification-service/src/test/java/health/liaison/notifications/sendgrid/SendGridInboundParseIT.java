package health.liaison.notifications.sendgrid;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.InboundParsePost;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.testing.ApiClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SendGrid's Inbound Parse webhook as SendGrid posts it (multipart/form-data, basic auth in the URL): an e-mail to
 * a clinic's inbound address from someone we never wrote to becomes one EMAIL inquiry in records however often it is
 * redelivered; a patient's e-mail waits, sealed, in the coordinators' inbox; records being down leaves the e-mail in
 * the inbox; wrong credentials and oversized posts are refused and store nothing; nothing of the e-mail is logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SendGridInboundParseIT extends ServiceUnderTest {

    private static final String MIAMI_INBOUND = "miami@reply.aurora-aesthetics.example";

    @Autowired
    MongoTemplate mongo;

    static String messageId() {
        return "<CAF" + UUID.randomUUID().toString().replace("-", "") + "@mail.gmail.com>";
    }

    List<Document> storedEmails(String locationId, Instant since) {
        return mongo.find(Query.query(Criteria.where("locationId").is(locationId).and("receivedAt").gte(since)),
                Document.class, "inbound_emails");
    }

    List<LoggedRequest> inquiriesFrom(String email) {
        return TestProviders.inquiriesPosted().stream().filter(r -> r.getBodyAsString().contains(email)).toList();
    }

    JsonNode inbox() {
        ApiClient.Answer answer = api().get("/api/notifications/v1/inbox?locationId=aurora-miami").token(coordinator()).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void anEmailFromSomeoneWeNeverWroteToBecomesOneInquiryInRecordsHoweverOftenItIsRedelivered(CapturedOutput output) {
        goToNextMorning();
        TestProviders.recordsTakesInquiries("inq-from-mail");
        String from = unique("prospect") + "@gmail.example";
        String messageId = messageId();
        InboundParsePost mail = InboundParsePost.email("Xiomara Qx-Secret", from, MIAMI_INBOUND, messageId,
                "Qx-secret rhinoplasty price", "Hello, how much is a Qx-secret-rhinoplasty? Thanks");

        HttpResponse<String> first = mail.postTo(port);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"outcome\":\"INQUIRY\"");
        HttpResponse<String> redelivered = mail.postTo(port);
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(redelivered.body()).contains("\"outcome\":\"DUPLICATE\"");

        // and the same post arriving on two replicas at once (a redelivery racing the first one) also makes none more
        List<CompletableFuture<HttpResponse<String>>> racing = List.of(
                CompletableFuture.supplyAsync(() -> mail.postTo(port)), CompletableFuture.supplyAsync(() -> mail.postTo(port)));
        assertThat(racing.stream().map(CompletableFuture::join).map(HttpResponse::body))
                .allSatisfy(body -> assertThat(body).contains("\"outcome\":\"DUPLICATE\""));

        List<LoggedRequest> posted = inquiriesFrom(from);
        assertThat(posted).hasSize(1);
        assertThat(posted.getFirst().getHeader("Authorization")).isEqualTo("Bearer " + TestProviders.SERVICE_TOKEN);
        String key = posted.getFirst().getHeader("Idempotency-Key");
        assertThat(key).matches("mail-[0-9a-f]{64}").doesNotContain("gmail");
        JsonNode sent = ApiClient.json().readTree(posted.getFirst().getBodyAsString());
        assertThat(sent.get("source").asString()).isEqualTo("EMAIL");
        assertThat(sent.get("locationId").asString()).isEqualTo("aurora-miami");
        assertThat(sent.get("email").asString()).isEqualTo(from);
        assertThat(sent.get("phone").isNull()).isTrue();
        assertThat(sent.get("message").asString())
                .isEqualTo("Qx-secret rhinoplasty price\n\nHello, how much is a Qx-secret-rhinoplasty? Thanks");

        // stored once, sealed, named by the inquiry records made; so not waiting in the inbox
        Document stored = mongo.findById("aurora|" + key, Document.class, "inbound_emails");
        assertThat(stored).as("the e-mail as stored").isNotNull();
        assertThat(stored.getString("inquiryId")).isEqualTo("inq-from-mail");
        assertThat(stored.toJson()).doesNotContain("Qx-secret").doesNotContain(from).doesNotContain("Xiomara");
        assertThat(inbox().toString()).doesNotContain(key);
        assertThat(serviceLogs(output)).doesNotContain("Qx-secret").doesNotContain("Xiomara").doesNotContain(from);
    }

    @Test
    void aPatientsEmailWaitsSealedInTheCoordinatorsInbox() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Lucía", email, null, "es");
        SchedulingEvents.booked("aurora", unique("apt"), patient, "aurora-miami", "consultation", nextMiami(10, LocalTime.of(14, 30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(TestProviders.mailTo(email).getFirst().getHeader("Reply-To")).containsExactly(MIAMI_INBOUND);
        int inquiriesBefore = TestProviders.inquiriesPosted().size();

        // the patient answers from her mail client, in ISO-8859-1, with the address in another case
        InboundParsePost mail = InboundParsePost.email("Lucía Lima", email.toUpperCase(), MIAMI_INBOUND, messageId(),
                "Re: Su cita", "placeholder");
        mail.field("text", "¿Puedo llevar a mi hija? Qx-secret-daughter", Charset.forName("ISO-8859-1"));
        HttpResponse<String> answer = mail.postTo(port);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"outcome\":\"INBOX\"");

        JsonNode entry = null;
        for (JsonNode e : inbox()) {
            if (patient.equals(e.path("patientId").asString(null))) {
                entry = e;
            }
        }
        assertThat(entry).as("the inbox entry of the patient").isNotNull();
        assertThat(entry.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(entry.get("text").asString()).isEqualTo("¿Puedo llevar a mi hija? Qx-secret-daughter");
        assertThat(entry.get("subject").asString()).isEqualTo("Re: Su cita");
        assertThat(entry.get("from").asString()).isEqualTo(email.toLowerCase());
        assertThat(entry.get("senderAuthenticated").asBoolean()).as("SPF passed for the From domain").isTrue();
        assertThat(entry.get("answeredMessageId").asString()).startsWith("confirm-");
        Document raw = mongo.findById("aurora|" + entry.get("id").asString(), Document.class, "inbound_emails");
        assertThat(raw.getString("patientId")).isEqualTo(patient);
        assertThat(raw.toJson()).doesNotContain("Qx-secret").doesNotContain("hija").doesNotContain(patient + "@")
                .doesNotContain("Su cita");
        assertThat(TestProviders.inquiriesPosted()).as("a patient's e-mail is no inquiry").hasSize(inquiriesBefore);
    }

    @Test
    void aFirstDeliveryRacingItselfMakesOneInquiry() {
        goToNextMorning();
        TestProviders.recordsTakesInquiries("inq-from-mail");
        String from = unique("prospect") + "@gmail.example";
        InboundParsePost mail = InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Hi", "Qx-secret-race");
        List<CompletableFuture<HttpResponse<String>>> racing = List.of(CompletableFuture.supplyAsync(() -> mail.postTo(port)),
                CompletableFuture.supplyAsync(() -> mail.postTo(port)), CompletableFuture.supplyAsync(() -> mail.postTo(port)));
        List<String> outcomes = racing.stream().map(CompletableFuture::join).map(HttpResponse::body).toList();
        assertThat(outcomes).filteredOn(body -> body.contains("\"outcome\":\"INQUIRY\"")).hasSize(1);
        assertThat(outcomes).filteredOn(body -> body.contains("\"outcome\":\"DUPLICATE\"")).hasSize(2);
        assertThat(inquiriesFrom(from)).hasSize(1);
    }

    @Test
    void whenRecordsIsDownTheEmailWaitsInTheInbox() {
        goToNextMorning();
        TestProviders.recordsTakesInquiries("inq-from-mail");
        String from = unique("prospect") + "@gmail.example";
        TestProviders.recordsUnavailableFor(from);
        HttpResponse<String> answer = InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Hello",
                "Do you do Qx-secret-lipo?").postTo(port);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"outcome\":\"INBOX\"");
        assertThat(inquiriesFrom(from)).isNotEmpty();
        assertThat(inbox().toString()).contains(from).contains("Do you do Qx-secret-lipo?");
    }

    @Test
    void wrongOrMissingCredentialsAre401AndStoreNothing() {
        goToNextMorning();
        Instant since = CLOCK.instant();
        String from = unique("prospect") + "@gmail.example";
        int inquiriesBefore = TestProviders.inquiriesPosted().size();
        for (InboundParsePost post : List.of(
                InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Hi", "Qx-secret").credentials(null, null),
                InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Hi", "Qx-secret")
                        .credentials(TestProviders.INBOUND_USER, "wrong-password"),
                InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Hi", "Qx-secret")
                        .credentials("someone-else", TestProviders.INBOUND_PASSWORD))) {
            HttpResponse<String> answer = post.postTo(port);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
            assertThat(answer.body()).doesNotContain("Qx-secret").doesNotContain(from);
        }
        assertThat(storedEmails("aurora-miami", since)).isEmpty();
        assertThat(TestProviders.inquiriesPosted()).hasSize(inquiriesBefore);
    }

    @Test
    void anOversizedPostIs413AndAnUnknownClinicAddress404AndNeitherIsStored() {
        goToNextMorning();
        Instant since = CLOCK.instant();
        String from = unique("prospect") + "@gmail.example";
        HttpResponse<String> tooLarge = InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Photos",
                "Qx-secret").attachment(1_100_000).postTo(port);
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("payload-too-large").contains("\"field\":\"body\"").doesNotContain("Qx-secret");
        // without a Content-Length: three photos, each under the per-part limit, over the post's limit together
        HttpResponse<String> chunked = InboundParsePost.email("Ona", from, MIAMI_INBOUND, messageId(), "Photos",
                "Qx-secret").attachments(3, 400_000).chunked().postTo(port);
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains("payload-too-large").doesNotContain("Qx-secret");

        HttpResponse<String> elsewhere = InboundParsePost.email("Ona", from, "nobody@reply.aurora-aesthetics.example",
                messageId(), "Hi", "Qx-secret").postTo(port);
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
        assertThat(elsewhere.body()).doesNotContain("Qx-secret").doesNotContain(from);

        HttpResponse<String> noSender = InboundParsePost.email("Ona", "not an address", MIAMI_INBOUND, messageId(), "Hi",
                "Qx-secret").postTo(port);
        assertThat(noSender.statusCode()).as(noSender.body()).isEqualTo(400);
        assertThat(noSender.body()).contains("from").doesNotContain("Qx-secret");
        assertThat(storedEmails("aurora-miami", since)).isEmpty();
        assertThat(inquiriesFrom(from)).isEmpty();
    }

    /** The output of the service, without the test's own SMTP server (GreenMail logs each recipient it creates). */
    static String serviceLogs(CapturedOutput output) {
        return output.getAll().lines().filter(line -> !line.contains("com.icegreen.greenmail"))
                .collect(Collectors.joining("\n"));
    }
}
