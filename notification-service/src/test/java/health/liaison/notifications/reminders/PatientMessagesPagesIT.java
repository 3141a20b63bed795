package health.liaison.notifications.reminders;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A patient's messages come in pages that say how many there are: the list never stops silently. */
class PatientMessagesPagesIT extends ServiceUnderTest {

    @Test
    void everyMessageIsOnExactlyOnePageAndTheTotalIsTold() {
        goToNextMorning();
        String patient = unique("pat");
        TestProviders.patientInRecords(patient, "Ana", patient + "@example.com", null, "en");
        for (int i = 0; i < 2; i++) {
            Instant start = nextMiami(10 + i, LocalTime.of(11, 0));
            SchedulingEvents.booked("aurora", unique("apt"), patient, "aurora-miami", "consultation", start);
        }
        // each booking plans a confirmation and reminders
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesOf(patient).size() >= 4);
        List<String> all = messagesOf(patient).stream().map(m -> m.get("id").asString()).toList();

        String path = "/api/notifications/v1/patients/" + patient + "/messages";
        List<String> paged = new ArrayList<>();
        int pages = (all.size() + 2) / 3;
        for (int page = 0; page <= pages; page++) {
            ApiClient.Answer answer = api().get(path + "?size=3&page=" + page).token(coordinator()).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(body.get("totalItems").asLong()).isEqualTo(all.size());
            assertThat(body.get("totalPages").asInt()).isEqualTo(pages);
            assertThat(body.get("page").asInt()).isEqualTo(page);
            assertThat(body.get("size").asInt()).isEqualTo(3);
            body.get("items").forEach(m -> paged.add(m.get("id").asString()));
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(api().get(path).token(coordinator()).send().json().get("size").asInt()).isEqualTo(50);
        for (String bad : List.of("size=0", "size=201", "page=-1")) {
            ApiClient.Answer refused = api().get(path + "?" + bad).token(coordinator()).send();
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }
}
