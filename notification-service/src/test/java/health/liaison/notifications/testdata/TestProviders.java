package health.liaison.notifications.testdata;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The real servers around the service in tests, started once per JVM: an SMTP server (GreenMail), an HTTP server
 * playing the Twilio-style SMS provider, and one playing the records service (WireMock, real ports on loopback).
 */
public final class TestProviders {

    public static final String SERVICE_TOKEN = "test-service-token";
    public static final String SMS_ACCOUNT = "test-account";
    public static final String SMS_PATH = "/2010-04-01/Accounts/" + SMS_ACCOUNT + "/Messages.json";
    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    /** The basic-auth pair of the SendGrid Inbound Parse URL in tests. */
    public static final String INBOUND_USER = "sendgrid-inbound";
    public static final String INBOUND_PASSWORD = "test-inbound-password";

    /** The key pair SendGrid signs its event webhook with in tests (the service holds the public half). */
    private static final KeyPair SENDGRID_EVENTS_KEY = sendGridKey();

    private static GreenMail smtp;
    private static WireMockServer sms;
    private static WireMockServer records;

    private TestProviders() {
    }

    public static synchronized void start() {
        if (smtp != null) {
            return;
        }
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        sms = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
        sms.start();
        sms.stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SM{{randomValue length=24 type='ALPHANUMERIC'}}\",\"status\":\"queued\"}")));
        records = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        records.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            smtp.stop();
            sms.stop();
            records.stop();
        }, "test-providers-stop"));
    }

    /** The arguments that point a notification service at these servers. */
    public static List<String> arguments() {
        start();
        return List.of(
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + smtp.getSmtp().getPort(),
                "liaison.records.base-url=" + records.baseUrl(),
                "liaison.records.token=" + SERVICE_TOKEN,
                "liaison.notifications.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-notifications-test-keys",
                "liaison.notifications.sms.base-url=" + sms.baseUrl(),
                "liaison.notifications.sms.account-sid=" + SMS_ACCOUNT,
                "liaison.notifications.sms.auth-token=test-auth-token",
                "liaison.notifications.sms.webhook-secret=" + WEBHOOK_SECRET,
                "liaison.notifications.sendgrid.verification-key="
                        + Base64.getEncoder().encodeToString(SENDGRID_EVENTS_KEY.getPublic().getEncoded()),
                "liaison.notifications.sendgrid.inbound-password=" + INBOUND_PASSWORD,
                "liaison.notifications.unsubscribe.secret=test-unsubscribe-secret-0123456789",
                "liaison.notifications.unsubscribe.base-url=https://liaison.test",
                "liaison.notifications.contact-key=test-contact-key");
    }

    /** SendGrid's signing key: the private half, to sign event webhook calls as SendGrid does. */
    public static PrivateKey sendGridSigningKey() {
        return SENDGRID_EVENTS_KEY.getPrivate();
    }

    private static KeyPair sendGridKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static WireMockServer sms() {
        start();
        return sms;
    }

    /** Records knows this patient (only when asked with the service token). */
    public static void patientInRecords(String patientId, String firstName, String email, String phone, String language) {
        start();
        records.stubFor(get(urlPathEqualTo("/api/records/v1/patients/" + patientId))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .willReturn(okJson("""
                        {"id":"%s","locationId":"aurora-miami","firstName":"%s","lastName":"Lima","dateOfBirth":"1988-04-12",
                         "email":%s,"phone":%s,"preferredLanguage":"%s"}""".formatted(patientId, firstName,
                        email == null ? "null" : "\"" + email + "\"", phone == null ? "null" : "\"" + phone + "\"", language))));
    }

    /** Records holds these care plan instructions for the patient (only when asked with the service token). */
    public static void carePlanInRecords(String patientId, String carePlanId, String title, String instructions) {
        start();
        records.stubFor(get(urlPathEqualTo("/api/records/v1/patients/" + patientId + "/care-plans/" + carePlanId))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .willReturn(okJson("""
                        {"id":"%s","kind":"PRE_OP","title":"%s","instructions":"%s"}""".formatted(carePlanId, title, instructions))));
    }

    /** Every email the SMTP server received for {@code recipient}. */
    public static List<MimeMessage> mailTo(String recipient) {
        start();
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                Address[] to = message.getAllRecipients();
                if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(recipient))) {
                    found.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** How many SMS the provider was asked to send to {@code number}. */
    public static int smsTo(String number) {
        return sms().findAll(postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo(number))).size();
    }

    public static List<String> smsBodiesTo(String number) {
        return sms().findAll(postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo(number))).stream()
                .map(r -> r.formParameter("Body").getValues().getFirst()).toList();
    }

    /** Records holds this inquirer's contact (only when asked with the service token). */
    public static void inquiryInRecords(String inquiryId, String name, String email, String phone, String language, String channel) {
        start();
        records.stubFor(get(urlPathEqualTo("/api/records/v1/inquiries/" + inquiryId + "/contact"))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .willReturn(okJson("""
                        {"inquiryId":"%s","locationId":"aurora-miami","name":"%s","email":%s,"phone":%s,
                         "preferredLanguage":"%s","preferredChannel":"%s"}""".formatted(inquiryId, name,
                        email == null ? "null" : "\"" + email + "\"", phone == null ? "null" : "\"" + phone + "\"",
                        language, channel))));
    }

    /** Records takes inquiries (with the service token) and answers with this id. */
    public static void recordsTakesInquiries(String inquiryId) {
        start();
        records.stubFor(post(urlPathEqualTo("/api/records/v1/inquiries"))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + inquiryId + "\",\"newInquiry\":true}")));
    }

    /** Records cannot take an inquiry that names {@code email} now (503), whatever else it does. */
    public static void recordsUnavailableFor(String email) {
        start();
        records.stubFor(post(urlPathEqualTo("/api/records/v1/inquiries")).atPriority(1)
                .withRequestBody(containing(email))
                .willReturn(aResponse().withStatus(503)));
    }

    /** The inquiries records was asked to take, with their Idempotency-Key header. */
    public static List<com.github.tomakehurst.wiremock.verification.LoggedRequest> inquiriesPosted() {
        start();
        return records.findAll(postRequestedFor(urlPathEqualTo("/api/records/v1/inquiries")));
    }
}
