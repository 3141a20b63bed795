package health.liaison.notifications.inquiries;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.inbound.WebhookSignature;
import health.liaison.notifications.preferences.ContactKeys;
import health.liaison.notifications.preferences.PatientPreferences;
import health.liaison.notifications.testdata.ServiceEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.testing.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prospective patients: records' {@code inquiry.received} answered in the inquirer's language by their channel, with
 * quiet hours and SMS opt-outs honoured and the contact read from records at send time; a text from an unknown number
 * handed to records as an inquiry; records' {@code task.overdue} e-mailed to the clinic's coordinators.
 */
@ExtendWith(OutputCaptureExtension.class)
class InquiryAcknowledgementsIT extends ServiceUnderTest {

    private static final String RECORDS = "/liaison/patient-records-service";
    private final WebhookSignature signature = new WebhookSignature(TestProviders.WEBHOOK_SECRET);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    PatientPreferences preferences;
    @Autowired
    ContactKeys contactKeys;

    static String phone() {
        return "+1305" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }

    Document message(String id) {
        return mongo.findById(id, Document.class, "messages");
    }

    void received(String inquiryId, String source) {
        ServiceEvents.publish(RECORDS, "aurora", "aurora-miami", new InquiryReceived(inquiryId, "aurora-miami", source,
                "rhinoplasty", "lead-miami", CLOCK.instant().plus(Duration.ofHours(1)), CLOCK.instant()));
    }

    @Test
    void anInquirerIsAnsweredOnceInTheirLanguageByTheChannelTheyPrefer(CapturedOutput output) throws Exception {
        goToNextMorning();
        String inquiry = unique("inq");
        String email = inquiry + "@inquirer.example";
        String tel = phone();
        TestProviders.inquiryInRecords(inquiry, "Zoraida Quintanilla", email, tel, "es", "EMAIL");
        received(inquiry, "WEB_FORM");
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Gracias por contactar con Aurora Miami");
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUPPRESSED".equals(message("inquiry-ack-" + inquiry + "-SMS").getString("status")));
        assertThat(message("inquiry-ack-" + inquiry + "-SMS").getString("failureReason")).isEqualTo("OTHER_CHANNEL");
        assertThat(TestProviders.smsTo(tel)).isZero();
        // a redelivery sends nothing more
        received(inquiry, "WEB_FORM");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(serviceLogs(output)).doesNotContain("Zoraida").doesNotContain(email).doesNotContain(tel);
    }

    @Test
    void anInquiryAtNightIsAnsweredInTheMorningAndAnOptedOutNumberGetsNoText() {
        goToNextMorning();
        CLOCK.advanceTo(nextMiami(1, LocalTime.of(2, 0)));
        String inquiry = unique("inq");
        String tel = phone();
        TestProviders.inquiryInRecords(inquiry, "Quirina", null, tel, "en", "SMS");
        received(inquiry, "PHONE");
        String id = "inquiry-ack-" + inquiry + "-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> message(id) != null
                && message(id).getDate("dueAt").toInstant().isAfter(CLOCK.instant().plus(Duration.ofHours(3))));
        assertThat(TestProviders.smsTo(tel)).isZero();
        CLOCK.advanceTo(nextMiami(0, LocalTime.of(10, 0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.smsTo(tel) == 1);
        assertThat(TestProviders.smsBodiesTo(tel).getFirst()).startsWith("Aurora Miami: thank you for your message.");

        String stopped = unique("inq");
        String optedOut = phone();
        Callers.runAs(Caller.system("aurora"), () -> preferences.stopSms(contactKeys.of(optedOut), null, "aurora-miami"));
        TestProviders.inquiryInRecords(stopped, "Quirina", null, optedOut, "en", "SMS");
        received(stopped, "SMS");
        await().atMost(Duration.ofSeconds(20)).until(() -> message("inquiry-ack-" + stopped + "-SMS") != null
                && "SUPPRESSED".equals(message("inquiry-ack-" + stopped + "-SMS").getString("status")));
        assertThat(message("inquiry-ack-" + stopped + "-SMS").getString("failureReason")).isEqualTo("OPTED_OUT");
        assertThat(TestProviders.smsTo(optedOut)).isZero();
    }

    @Test
    void aTextFromAnUnknownNumberBecomesAnInquiryInRecords(CapturedOutput output) {
        goToNextMorning();
        TestProviders.recordsTakesInquiries("inq-from-sms");
        String from = phone();
        String providerId = "SM" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"from":"%s","to":"+13055550100","body":"How much is a Qx-secret-rhinoplasty?","providerMessageId":"%s"}"""
                .formatted(from, providerId);
        ApiClient.Answer answer = api().post("/api/notifications/v1/inbound/sms", body)
                .header("X-Liaison-Signature", signature.sign(body.getBytes(StandardCharsets.UTF_8))).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<LoggedRequest> posted = TestProviders.inquiriesPosted().stream()
                .filter(r -> r.getBodyAsString().contains(from)).toList();
        assertThat(posted).hasSize(1);
        assertThat(posted.getFirst().getHeader("Idempotency-Key")).isEqualTo("sms-" + providerId);
        JsonNode sent = ApiClient.json().readTree(posted.getFirst().getBodyAsString());
        assertThat(sent.get("source").asString()).isEqualTo("SMS");
        assertThat(sent.get("locationId").asString()).isEqualTo("aurora-miami");
        assertThat(sent.get("message").asString()).isEqualTo("How much is a Qx-secret-rhinoplasty?");
        assertThat(serviceLogs(output)).doesNotContain("Qx-secret-rhinoplasty").doesNotContain(from);
    }

    @Test
    void anEscalatedTaskIsEmailedToTheClinicsCoordinators() throws Exception {
        goToNextMorning();
        String task = unique("task");
        Instant due = CLOCK.instant().minus(Duration.ofHours(1));
        ServiceEvents.publish(RECORDS, "aurora", "aurora-miami", new TaskOverdue(task, "aurora-miami", "coord-miami",
                "lead-miami", "FIRST_RESPONSE", due, CLOCK.instant()));
        String coordinators = "coordinators.miami@aurora-aesthetics.example";
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(coordinators).stream()
                .anyMatch(m -> contentOf(m).contains(task)));
        MimeMessage mail = TestProviders.mailTo(coordinators).stream().filter(m -> contentOf(m).contains(task)).findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("Overdue follow-up at Aurora Miami: FIRST_RESPONSE");
        assertThat(contentOf(mail)).contains("lead-miami").contains("coord-miami");
        JsonNode alerts = api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami&role=COORDINATOR")
                .token(coordinator()).send().json();
        assertThat(alerts.toString()).contains("task-overdue-" + task + "-EMAIL");
    }

    /** The output of the service, without the test's own SMTP server (GreenMail logs each recipient it creates). */
    static String serviceLogs(CapturedOutput output) {
        return output.getAll().lines().filter(line -> !line.contains("com.icegreen.greenmail"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    static String contentOf(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
