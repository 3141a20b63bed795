package health.liaison.notifications.inbound;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The e-mail provider tells of a bounce by a signed webhook naming the Message-ID the SMTP server accepted: a hard
 * bounce makes the sent confirmation BOUNCED and publishes message.failed; a soft one changes nothing; a bad
 * signature or an unknown message is refused.
 */
class EmailBouncesIT extends ServiceUnderTest {

    private final WebhookSignature signature = new WebhookSignature(TestProviders.WEBHOOK_SECRET);

    @Test
    void aHardBounceMarksTheSentEmailBouncedAndTellsWhoFollowsFailures() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Nadia", email, null, "en");
        Instant start = nextMiami(12, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        String messageId = mail.getMessageID();
        String confirmation = "confirm-" + appointment + "-" + start.getEpochSecond() + "-EMAIL";
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(patient, confirmation).equals("SENT"));

        assertThat(bounce(messageId, "soft", true).status()).isEqualTo(200);
        assertThat(statusOf(patient, confirmation)).isEqualTo("SENT");
        ApiClient.Answer forged = bounce(messageId, "hard", false);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(statusOf(patient, confirmation)).isEqualTo("SENT");
        assertThat(bounce("<nobody@nowhere>", "hard", true).status()).isEqualTo(404);

        assertThat(bounce(messageId, "hard", true).status()).isEqualTo(200);
        assertThat(statusOf(patient, confirmation)).isEqualTo("BOUNCED");
        assertThat(message(patient, confirmation).get("failureReason").asString()).isEqualTo("BOUNCED");
        TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(30), records -> records.stream()
                .anyMatch(r -> confirmation.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").endsWith("message.failed.v1")
                        && new String(r.value(), StandardCharsets.UTF_8).contains("\"BOUNCED\"")));
        // the provider sending it again changes nothing more
        assertThat(bounce(messageId, "hard", true).status()).isEqualTo(200);
        assertThat(statusOf(patient, confirmation)).isEqualTo("BOUNCED");
    }

    private ApiClient.Answer bounce(String messageId, String kind, boolean signed) {
        String body = "{\"providerMessageId\":\"" + messageId.replace("\"", "") + "\",\"from\":\"miami@aurora-aesthetics.example\",\"kind\":\""
                + kind + "\",\"diagnostic\":\"550 5.1.1 user unknown\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return api().post("/api/notifications/v1/inbound/email/bounces", body)
                .header("X-Liaison-Signature", signed ? signature.sign(bytes) : signature.sign("tampered".getBytes(StandardCharsets.UTF_8)))
                .send();
    }
}
