package health.liaison.notifications.sendgrid;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.channels.EmailChannel;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SendGrid's event webhook as its docs show it (a JSON array: processed, delivered, deferred, bounce, spamreport…),
 * signed as SendGrid signs it: ECDSA P-256 over timestamp + body, Base64 DER, with the key pair the test made and
 * the service verifying with the public half. A forged or tampered call → 403 and nothing changes.
 */
class SendGridEventsIT extends ServiceUnderTest {

    @Test
    void aSignedHardBounceMarksTheSentEmailBouncedAndASoftOneOrAForgedOneChangesNothing() throws Exception {
        Sent sent = anEmailWasSent();
        JsonNode smtpApi = ApiClient.json().readTree(sent.mail().getHeader(EmailChannel.SMTPAPI_HEADER, null));
        assertThat(smtpApi.get("unique_args").get(EmailChannel.TENANT_ARGUMENT).asString()).isEqualTo("aurora");
        assertThat(smtpApi.get("unique_args").get(EmailChannel.MESSAGE_ARGUMENT).asString()).isEqualTo(sent.messageId());
        String smtpId = sent.mail().getMessageID();

        ApiClient.Answer soft = events(events(smtpId, sent.to(), "deferred", null), TestProviders.sendGridSigningKey());
        assertThat(soft.status()).as(soft.toString()).isEqualTo(200);
        assertThat(soft.json().get("recorded").asInt()).isZero();
        assertThat(statusOf(sent.patient(), sent.messageId())).isEqualTo("SENT");

        String hard = events(smtpId, sent.to(), "bounce", "bounce");
        ApiClient.Answer forged = events(hard, anotherKey());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forged.body()).doesNotContain(sent.to());
        String timestamp = String.valueOf(CLOCK.instant().getEpochSecond());
        String signedForSoft = sign(timestamp, events(smtpId, sent.to(), "deferred", null), TestProviders.sendGridSigningKey());
        ApiClient.Answer tampered = api().post(SendGridEvents.PATH, hard)
                .header(SendGridEvents.TIMESTAMP_HEADER, timestamp).header(SendGridEvents.SIGNATURE_HEADER, signedForSoft).send();
        assertThat(tampered.status()).isEqualTo(403);
        ApiClient.Answer unsigned = api().post(SendGridEvents.PATH, hard).send();
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(statusOf(sent.patient(), sent.messageId())).isEqualTo("SENT");

        ApiClient.Answer bounced = events(hard, TestProviders.sendGridSigningKey());
        assertThat(bounced.status()).as(bounced.toString()).isEqualTo(200);
        assertThat(bounced.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(statusOf(sent.patient(), sent.messageId())).isEqualTo("BOUNCED");
        assertThat(message(sent.patient(), sent.messageId()).get("failureReason").asString()).isEqualTo("BOUNCED");
        TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(30), records -> records.stream()
                .anyMatch(r -> sent.messageId().equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").endsWith("message.failed.v1")
                        && new String(r.value(), StandardCharsets.UTF_8).contains("\"BOUNCED\"")));
        // SendGrid retrying the batch changes nothing more
        assertThat(events(hard, TestProviders.sendGridSigningKey()).json().get("recorded").asInt()).isEqualTo(1);
        assertThat(statusOf(sent.patient(), sent.messageId())).isEqualTo("BOUNCED");
    }

    @Test
    void aSpamReportIsAComplaintAndAnEventForAnUnknownEmailIsSkippedNotFailed() throws Exception {
        Sent sent = anEmailWasSent();
        String body = "[" + event("<unknown-" + sent.messageId() + "@nowhere>", sent.to(), "bounce", "bounce") + ","
                + event(sent.mail().getMessageID(), sent.to(), "spamreport", null) + "]";
        ApiClient.Answer answer = events(body, TestProviders.sendGridSigningKey());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(statusOf(sent.patient(), sent.messageId())).isEqualTo("BOUNCED");
    }

    record Sent(String patient, String to, String messageId, MimeMessage mail) {
    }

    private Sent anEmailWasSent() throws MessagingException {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Nadia", email, null, "en");
        Instant start = nextMiami(12, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        String id = "confirm-" + appointment + "-" + start.getEpochSecond() + "-EMAIL";
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(patient, id).equals("SENT"));
        return new Sent(patient, email, id, TestProviders.mailTo(email).getFirst());
    }

    /** A batch as SendGrid posts it: what happened before, then the event of the test. */
    private static String events(String smtpId, String email, String event, String type) {
        return "[" + event(smtpId, email, "processed", null) + "," + event(smtpId, email, event, type) + "]";
    }

    private static String event(String smtpId, String email, String event, String type) {
        long at = CLOCK.instant().getEpochSecond();
        String extra = switch (event) {
            case "bounce" -> ",\"reason\":\"550 5.1.1 The email account that you tried to reach does not exist\",\"status\":\"5.1.1\",\"type\":\"" + type + "\"";
            case "deferred" -> ",\"response\":\"400 try again later\",\"attempt\":\"5\"";
            default -> "";
        };
        return """
                {"email":"%s","timestamp":%d,"smtp-id":"%s","event":"%s","category":["appointments"],"sg_event_id":"sg-%s-%s",\
                "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","liaison_tenant":"aurora"%s}"""
                .formatted(email, at, smtpId, event, event, Long.toHexString(System.nanoTime()), extra);
    }

    private ApiClient.Answer events(String body, PrivateKey key) throws GeneralSecurityException {
        String timestamp = String.valueOf(CLOCK.instant().getEpochSecond());
        return api().post(SendGridEvents.PATH, body).header(SendGridEvents.TIMESTAMP_HEADER, timestamp)
                .header(SendGridEvents.SIGNATURE_HEADER, sign(timestamp, body, key)).send();
    }

    private static String sign(String timestamp, String body, PrivateKey key) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static PrivateKey anotherKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPrivate();
    }
}
