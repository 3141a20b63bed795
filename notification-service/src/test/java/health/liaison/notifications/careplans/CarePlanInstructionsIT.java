package health.liaison.notifications.careplans;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.CarePlanIssued;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Instructions issued in records reach the patient by email, once, and the sent event tells records' checklist. */
class CarePlanInstructionsIT extends ServiceUnderTest {

    @Test
    void issuedPreOpInstructionsAreEmailedOnceWithTheTextFromRecordsAndReportedSent() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), plan = unique("cp"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        TestProviders.carePlanInRecords(patient, plan, "Before your rhinoplasty", "Stop aspirin 7 days before. Nothing to eat after midnight.");

        CarePlanIssued issued = new CarePlanIssued(plan, patient, "aurora-miami", appointment, "PRE_OP", Instant.now());
        SchedulingEvents.publish("aurora", "aurora-miami", issued);
        SchedulingEvents.publish("aurora", "aurora-miami", issued); // a second delivery under another event id

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your instructions before surgery at Aurora Miami");
        assertThat(mail.getContent().toString()).contains("Hello Ana,").contains("Before your rhinoplasty")
                .contains("Stop aspirin 7 days before. Nothing to eat after midnight.");

        var sent = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(20),
                list -> list.stream().anyMatch(r -> new String(r.value()).contains("careplan-" + plan)));
        String payload = sent.stream().map(r -> new String(r.value())).filter(v -> v.contains("careplan-" + plan)).findFirst().orElseThrow();
        assertThat(payload).contains("\"kind\":\"PRE_OP_INSTRUCTIONS\"").contains("\"appointmentId\":\"" + appointment + "\"")
                .doesNotContain("aspirin").doesNotContain(email);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
    }
}
