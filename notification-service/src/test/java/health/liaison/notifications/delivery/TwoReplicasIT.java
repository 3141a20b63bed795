package health.liaison.notifications.delivery;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import health.liaison.notifications.NotificationsApplication;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service in one JVM, on the same database and the same topics and consumer groups, as two
 * Kubernetes replicas: every confirmation and every reminder reaches the SMTP server exactly once. Both poll the
 * same queue every 50 ms, so without the atomic claim each message would race. This test has its own SMTP server
 * and records stub, so the shared test application (another consumer group) cannot send these patients anything.
 */
@RealInfrastructure
class TwoReplicasIT {

    static final int PATIENTS = 20;
    static GreenMail smtp;
    static WireMockServer records;
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        records = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        records.start();
        Infrastructure infrastructure = TestInfrastructure.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 2; i++) {
            replicas.add(new SpringApplicationBuilder(NotificationsApplication.class).run(
                    "--server.port=0",
                    "--spring.application.name=notification-service",
                    "--liaison.notifications.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-notifications-test-keys",
                    "--spring.mongodb.uri=" + infrastructure.mongoConnectionString(),
                    "--spring.mongodb.database=replicas_" + run,
                    "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                    "--spring.kafka.consumer.group-id=replicas-" + run,
                    "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentity.issuer(),
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIdentity.jwkSetUri(),
                    "--liaison.outbox.poll-interval=200ms",
                    "--liaison.notifications.delivery.poll-interval=50ms",
                    "--liaison.notifications.quiet-hours.start=00:00",
                    "--liaison.notifications.quiet-hours.end=00:00",
                    "--liaison.notifications.reminders.default-offsets=PT2H",
                    // stock alerts need no records lookup: those other tests published on the shared topic, which
                    // this fresh consumer group reads too, would reach this SMTP server; here the clinic has no address
                    "--liaison.notifications.clinics.aurora-miami.inventory-email=",
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + smtp.getSmtp().getPort(),
                    "--liaison.records.base-url=" + records.baseUrl(),
                    "--liaison.records.token=" + TestProviders.SERVICE_TOKEN,
                    "--liaison.notifications.sms.base-url=" + TestProviders.sms().baseUrl()));
        }
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(ConfigurableApplicationContext::close);
        records.stop();
        smtp.stop();
    }

    @Test
    void everyConfirmationAndReminderIsSentExactlyOnce() {
        Instant start = Instant.now().plus(Duration.ofHours(2)).plusSeconds(4);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            String patient = "pat-replica-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            String email = patient + "@example.com";
            emails.add(email);
            records.stubFor(get(urlPathEqualTo("/api/records/v1/patients/" + patient))
                    .withHeader("Authorization", equalTo("Bearer " + TestProviders.SERVICE_TOKEN))
                    .willReturn(okJson("""
                            {"id":"%s","firstName":"Ana","email":"%s","phone":null,"preferredLanguage":"en"}""".formatted(patient, email))));
            SchedulingEvents.booked("aurora", "apt-replica-" + i + "-" + patient, patient, "aurora-miami", "consultation", start);
        }

        // a confirmation now and a reminder two hours before, a few seconds from now: 2 per patient
        await().atMost(Duration.ofSeconds(40)).until(() -> smtp.getReceivedMessages().length >= 2 * PATIENTS);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> smtp.getReceivedMessages().length == 2 * PATIENTS);

        Map<String, Long> perRecipient = Arrays.stream(smtp.getReceivedMessages())
                .collect(Collectors.groupingBy(TwoReplicasIT::recipient, Collectors.counting()));
        assertThat(perRecipient.keySet()).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(perRecipient.values()).containsOnly(2L);
        Map<String, Long> subjects = Arrays.stream(smtp.getReceivedMessages())
                .collect(Collectors.groupingBy(m -> subject(m).startsWith("Reminder") ? "reminder" : "confirmation", Collectors.counting()));
        assertThat(subjects).containsEntry("reminder", (long) PATIENTS).containsEntry("confirmation", (long) PATIENTS);

        List<Double> sentByReplica = replicas.stream().map(r -> r.getBean(MeterRegistry.class)
                .find("liaison.notifications.dispatch").tag("outcome", "sent").counters().stream()
                .mapToDouble(c -> c.count()).sum()).toList();
        assertThat(sentByReplica.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(2.0 * PATIENTS);
        System.out.println("Messages sent by each replica: " + sentByReplica);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
