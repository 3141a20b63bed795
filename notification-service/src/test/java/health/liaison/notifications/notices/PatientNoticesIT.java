package health.liaison.notifications.notices;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.events.scheduling.WaitlistSlotOffered;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A waitlist offer and a complaint acknowledgement reach the patient. */
class PatientNoticesIT extends ServiceUnderTest {

    @Test
    void aWaitlistOfferIsEmailedWithTheOfferedTimeOnTheClinicsClock() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        Instant start = nextMiami(5, LocalTime.of(10, 30));
        SchedulingEvents.publish("aurora", "aurora-miami", new WaitlistSlotOffered(unique("offer"), unique("wait"), patient,
                "aurora-miami", "consultation", start, Instant.now().plus(Duration.ofHours(2))));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        var mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("An earlier appointment opened at Aurora Miami");
        assertThat(mail.getContent().toString()).contains("10:30");
    }

    @Test
    void aComplaintIsAcknowledgedInThePatientsLanguage() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Lucía", email, null, "es");
        SchedulingEvents.publish("aurora", "aurora-miami", new ComplaintOpened(unique("cmp"), patient, "aurora-miami", "BILLING",
                LocalDate.now().plusDays(5), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(TestProviders.mailTo(email).getFirst().getSubject()).isEqualTo("Recibimos su mensaje, Lucía");
    }
}
