package health.liaison.notifications.recalls;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.ServiceEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.inventory.RecallRaised;
import health.liaison.platform.testing.ApiClient;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A recall raised in inventory: each affected patient is asked once per channel, in their language, to contact the
 * clinic (the SMS names no product), and the clinic's coordinators get one staff alert; a redelivery sends nothing
 * twice, and quiet hours hold the patients' messages back.
 */
class RecallNoticesIT extends ServiceUnderTest {

    private static final String MIAMI_COORDINATORS = "coordinators.miami@aurora-aesthetics.example";

    @Test
    void eachAffectedPatientIsAskedOncePerChannelToContactTheClinicAndCoordinatorsAreAlertedOnce() throws Exception {
        goToNextMorning();
        String ana = unique("pat"), anaEmail = ana + "@example.com", anaPhone = uniquePhone();
        String lucia = unique("pat"), luciaEmail = lucia + "@example.com";
        TestProviders.patientInRecords(ana, "Ana", anaEmail, anaPhone, "en");
        TestProviders.patientInRecords(lucia, "Lucía", luciaEmail, null, "es");
        String recallId = unique("recall"), lot = unique("LOT").toUpperCase();
        RecallRaised recall = new RecallRaised(recallId, "Mentor", "IMPLANT-350", lot, List.of(unique("apt"), unique("apt")),
                List.of(ana, lucia), Instant.now());

        ServiceEvents.inventory("aurora", null, recall);
        ServiceEvents.inventory("aurora", null, recall); // a redelivery under another event id

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(anaEmail).size() == 1
                && TestProviders.smsTo(anaPhone) == 1 && TestProviders.mailTo(luciaEmail).size() == 1
                && alertsAbout(lot).size() == 1);

        MimeMessage mail = TestProviders.mailTo(anaEmail).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Please contact Aurora Miami about a product recall");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(anaEmail);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("miami@aurora-aesthetics.example");
        assertThat(mail.getHeader("Content-Language")).containsExactly("en");
        assertThat(mail.getContent().toString()).contains("Hello Ana,")
                .contains("The manufacturer Mentor has recalled a product that was used in your care at Aurora Miami.")
                .contains("Please contact us at +1 305 555 0100");
        assertThat(TestProviders.smsBodiesTo(anaPhone).getFirst())
                .isEqualTo("Aurora Miami: please call us at +1 305 555 0100 about your care. Reply STOP to opt out.")
                .doesNotContain("Mentor").doesNotContain("IMPLANT").doesNotContain(lot);

        MimeMessage spanish = TestProviders.mailTo(luciaEmail).getFirst();
        assertThat(spanish.getSubject()).isEqualTo("Comuníquese con Aurora Miami por la retirada de un producto");
        assertThat(spanish.getHeader("Content-Language")).containsExactly("es");
        assertThat(spanish.getContent().toString()).contains("Hola Lucía:").contains("Llámenos al +1 305 555 0100");

        MimeMessage staff = alertsAbout(lot).getFirst();
        assertThat(staff.getSubject()).isEqualTo("Recall Mentor IMPLANT-350 lot " + lot + " reached 2 patient(s) of Aurora Miami");
        assertThat(staff.getAllRecipients()).extracting(Object::toString).containsExactly(MIAMI_COORDINATORS);
        assertThat(staff.getContent().toString()).contains("Inventory raised recall " + recallId)
                .doesNotContain(ana).doesNotContain(lucia).doesNotContain("Ana");

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(anaEmail).size() == 1
                && TestProviders.smsTo(anaPhone) == 1 && TestProviders.mailTo(luciaEmail).size() == 1
                && alertsAbout(lot).size() == 1);
        assertThat(messagesOf(ana)).extracting(m -> m.get("id").asString())
                .containsExactlyInAnyOrder("recall-" + recallId + "-" + ana + "-EMAIL", "recall-" + recallId + "-" + ana + "-SMS");
        // Lucía has no phone: her SMS is suppressed, not sent elsewhere
        assertThat(statusOf(lucia, "recall-" + recallId + "-" + lucia + "-SMS")).isEqualTo("SUPPRESSED");

        // coordinators see the alert in the staff alerts of their clinic
        ApiClient.Answer listed = api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami&role=COORDINATOR&limit=200")
                .token(coordinator()).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        listed.json().forEach(a -> {
            if (recallId.equals(a.get("details").get("recallId").asString())) {
                alerts.add(a);
            }
        });
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst().get("kind").asString()).isEqualTo("RECALL_RAISED");
        assertThat(alerts.getFirst().get("details").get("patients").asString()).isEqualTo("2");
    }

    @Test
    void aRecallNoticeWaitsForTheEndOfQuietHours() throws Exception {
        CLOCK.advanceTo(nextMiami(1, LocalTime.of(23, 0)));
        String patient = unique("pat"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        String recallId = unique("recall");
        ServiceEvents.inventory("aurora", null, new RecallRaised(recallId, "Mentor", "IMPLANT-350", unique("LOT"),
                List.of(), List.of(patient), Instant.now()));

        String id = "recall-" + recallId + "-" + patient + "-EMAIL";
        await().atMost(Duration.ofSeconds(20)).until(() -> !"ABSENT".equals(statusOf(patient, id)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> TestProviders.mailTo(email).isEmpty() && "QUEUED".equals(statusOf(patient, id)));

        goToNextMorning();
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(statusOf(patient, id)).isEqualTo("SENT");
    }

    private static List<MimeMessage> alertsAbout(String lot) {
        return TestProviders.mailTo(MIAMI_COORDINATORS).stream().filter(m -> {
            try {
                return m.getSubject().contains(lot);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String uniquePhone() {
        return "+1786" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
