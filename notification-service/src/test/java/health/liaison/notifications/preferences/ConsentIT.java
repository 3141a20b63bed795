package health.liaison.notifications.preferences;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consent per channel, changed with If-Match, decides what goes: a patient without email consent gets only SMS. */
class ConsentIT extends ServiceUnderTest {

    @Test
    void withoutEmailConsentOnlyTheSmsGoes() {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", phone = "+1786555" + (1000 + (int) (Math.random() * 8999));
        TestProviders.patientInRecords(patient, "Ana", email, phone, "en");
        String path = "/api/notifications/v1/patients/" + patient + "/preferences";

        ApiClient.Answer defaults = api().get(path).token(coordinator()).send();
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("email").get("care").asBoolean()).isTrue();
        assertThat(defaults.json().get("sms").get("marketing").asBoolean()).isFalse();
        String change = """
                {"locationId":"aurora-miami","email":{"care":false,"marketing":false},"sms":{"care":true,"marketing":false}}""";
        assertThat(api().put(path, change).token(coordinator()).send().status()).isEqualTo(428);
        ApiClient.Answer changed = api().put(path, change).token(coordinator()).header("If-Match", defaults.header("ETag")).send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(api().put(path, change).token(coordinator()).header("If-Match", defaults.header("ETag")).send().status())
                .isEqualTo(412);

        String appointment = unique("apt");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.smsTo(phone) == 1);
        String emailId = "confirm-" + appointment + "-" + start.getEpochSecond() + "-EMAIL";
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(patient, emailId).equals("SUPPRESSED"));
        assertThat(message(patient, emailId).get("failureReason").asString()).isEqualTo("NO_CONSENT");
        assertThat(TestProviders.mailTo(email)).isEmpty();
    }

    @Test
    void anInvalidPhoneNumberIsARecordedFailureAndNothingReachesTheProvider() {
        goToNextMorning();
        String patient = unique("pat"), badPhone = "555-CALL-ME";
        TestProviders.patientInRecords(patient, "Ana", null, badPhone, "en");
        String appointment = unique("apt");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);

        String smsId = "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, smsId).equals("FAILED"));
        assertThat(message(patient, smsId).get("failureReason").asString()).isEqualTo("INVALID_ADDRESS");
        assertThat(TestProviders.smsTo(badPhone)).isZero();
        ApiClient.Answer failed = api().get("/api/notifications/v1/failed-messages?locationId=aurora-miami").token(coordinator()).send();
        assertThat(failed.json().valueStream().map(m -> m.get("id").asString())).contains(smsId);
    }
}
