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
        knownPatient(patient);
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
    void anIdTheGroupDoesNotHaveIs404OnReadAndWriteAndAKnownPatientWithoutMessagesHasAnEmptyList() {
        String path = "/api/notifications/v1/patients/";
        String change = """
                {"locationId":"aurora-miami","email":{"care":true,"marketing":false},"sms":{"care":true,"marketing":false}}""";
        String unknown = unique("pat-unknown");
        assertThat(api().get(path + unknown + "/preferences").token(coordinator()).send().status()).isEqualTo(404);
        assertThat(api().get(path + unknown + "/messages").token(coordinator()).send().status()).isEqualTo(404);
        assertThat(api().put(path + unknown + "/preferences", change).header("If-Match", "\"0\"").token(coordinator()).send().status())
                .isEqualTo(404);

        // another group's patient with stored preferences: belmont cannot tell it from an unknown id, not even by a first write
        String theirs = unique("pat-aurora");
        knownPatient(theirs);
        assertThat(api().put(path + theirs + "/preferences", change).header("If-Match", "\"0\"").token(coordinator()).send().status())
                .isEqualTo(200);
        String belmont = health.liaison.platform.testing.TestIdentity.coordinator("belmont", "belmont-chicago");
        String belmontChange = change.replace("aurora-miami", "belmont-chicago");
        ApiClient.Answer read = api().get(path + theirs + "/preferences").token(belmont).send();
        ApiClient.Answer write = api().put(path + theirs + "/preferences", belmontChange).header("If-Match", "\"0\"").token(belmont).send();
        assertThat(read.status()).isEqualTo(404);
        assertThat(write.status()).as(write.toString()).isEqualTo(404);
        assertThat(api().get(path + theirs + "/messages").token(belmont).send().status()).isEqualTo(404);

        // a patient the group has, with no messages yet: an empty list
        ApiClient.Answer none = api().get(path + theirs + "/messages").token(coordinator()).send();
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("items").size()).isZero();
        assertThat(none.json().get("totalItems").asLong()).isZero();
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
