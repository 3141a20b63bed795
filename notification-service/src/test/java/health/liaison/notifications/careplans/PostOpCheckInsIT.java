package health.liaison.notifications.careplans;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A completed surgery is followed by check-ins 1 and 7 days later, each once; other visits get none. */
class PostOpCheckInsIT extends ServiceUnderTest {

    @Test
    void aCompletedSurgeryGetsCheckInsOneAndSevenDaysLaterEachOnce() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), email = patient + "@example.com", phone = uniquePhone();
        TestProviders.patientInRecords(patient, "Ana", email, phone, "en");
        Instant completedAt = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        AppointmentCompleted completed = new AppointmentCompleted(surgery, patient, "aurora-miami", "rhinoplasty", "SURGERY",
                completedAt);

        SchedulingEvents.publish("aurora", "aurora-miami", completed);
        SchedulingEvents.publish("aurora", "aurora-miami", completed); // a redelivery under another event id

        String dayOne = "postop-" + surgery + "-PT24H-EMAIL";
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesOf(patient).size() == 4);
        assertThat(message(patient, dayOne).get("dueAt").asString()).isEqualTo(completedAt.plus(Duration.ofDays(1)).toString());
        assertThat(message(patient, "postop-" + surgery + "-PT168H-SMS").get("dueAt").asString())
                .isEqualTo(completedAt.plus(Duration.ofDays(7)).toString());
        assertThat(TestProviders.mailTo(email)).isEmpty();

        CLOCK.advanceTo(completedAt.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1 && TestProviders.smsTo(phone) == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("How are you feeling? A check-in from Aurora Miami");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(email);
        assertThat(mail.getContent().toString()).contains("Hello Ana,").contains("checking in on your recovery");
        assertThat(TestProviders.smsBodiesTo(phone).getFirst()).startsWith("Aurora Miami: checking in on your recovery.")
                .doesNotContainIgnoringCase("rhinoplasty");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> TestProviders.mailTo(email).size() == 1 && TestProviders.smsTo(phone) == 1);
        assertThat(statusOf(patient, "postop-" + surgery + "-PT168H-EMAIL")).isEqualTo("QUEUED");
    }

    @Test
    void aCompletedConsultationGetsNoCheckIn() {
        goToNextMorning();
        String patient = unique("pat"), visit = unique("apt");
        TestProviders.patientInRecords(patient, "Ana", patient + "@example.com", null, "en");
        SchedulingEvents.publish("aurora", "aurora-miami", new AppointmentCompleted(visit, patient, "aurora-miami",
                "consultation", "CONSULTATION", CLOCK.instant()));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> messagesOf(patient).isEmpty());
    }

    private static String uniquePhone() {
        return "+1954" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
