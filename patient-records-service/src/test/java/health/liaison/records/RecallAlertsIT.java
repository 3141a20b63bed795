package health.liaison.records;

import health.liaison.platform.events.inventory.RecallRaised;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inventory's recall reaches the charts of the patients who received the recalled lot: the alert is on their
 * charts (audited reads), on no one else's, not in another practice group, once even when redelivered, and a
 * provider or coordinator acknowledges and resolves it with a sealed note.
 */
class RecallAlertsIT extends RecordsTestBase {

    private static final String NOTE = Phi.NOTE_MARKER + " patient called, no symptoms";

    @Test
    void aRecallPutsOneAlertOnEachAffectedChartOnlyAndCoordinatorsFollowItUp() {
        String ana = register(Phi.fresh()), bea = register(Phi.fresh()), other = register(Phi.fresh());
        String aptAna = "apt-ana-" + run, aptBea = "apt-bea-" + run;
        booked(aptAna, ana);
        booked(aptBea, bea);
        String recallId = "recall-" + run;
        RecallRaised recall = new RecallRaised(recallId, "Mentor", "IMPLANT-350", "LOT-" + run,
                List.of(aptAna, aptBea), List.of(ana, bea), Instant.now().truncatedTo(ChronoUnit.MILLIS));

        inventory(recall);
        inventory(recall); // a redelivery under another event id

        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(ana, surgeon).size() == 1 && alerts(bea, surgeon).size() == 1);
        JsonNode alert = alerts(ana, surgeon).getFirst();
        assertThat(alert.get("recallId").asString()).isEqualTo(recallId);
        assertThat(alert.get("manufacturer").asString()).isEqualTo("Mentor");
        assertThat(alert.get("sku").asString()).isEqualTo("IMPLANT-350");
        assertThat(alert.get("lot").asString()).isEqualTo("LOT-" + run);
        assertThat(texts(alert.get("appointmentIds"), null)).containsExactly(aptAna);
        assertThat(alert.get("status").asString()).isEqualTo("OPEN");
        assertThat(texts(alerts(bea, surgeon).getFirst().get("appointmentIds"), null)).containsExactly(aptBea);
        assertThat(alerts(other, surgeon)).isEmpty();

        // redelivered: still one alert per chart, also after the second delivery had time to land
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> alerts(ana, miamiCoordinator).size() == 1 && alerts(bea, miamiCoordinator).size() == 1);

        // every read of the section is audited like other chart sections
        long before = readsAudited(ana);
        alerts(ana, miamiNurse);
        assertThat(readsAudited(ana)).isEqualTo(before + 1);

        // billing staff do not see the clinical section; another group sees no chart and no work list entry
        assertThat(api().get("/api/records/v1/patients/" + ana + "/recall-alerts").token(billing).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/patients/" + ana + "/recall-alerts").token(belmont).send().status()).isEqualTo(404);
        ApiClient.Answer elsewhere = api().get("/api/records/v1/recall-alerts?size=200").token(belmont).send();
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(texts(elsewhere.json().get("items"), "recallId")).doesNotContain(recallId);

        // the coordinators' work list: one line per affected patient, with the names the role sees
        List<JsonNode> open = workList(miamiCoordinator, "OPEN").stream()
                .filter(w -> recallId.equals(w.get("recallId").asString())).toList();
        assertThat(open).extracting(w -> w.get("patientId").asString()).containsExactlyInAnyOrder(ana, bea);
        assertThat(open).allSatisfy(w -> assertThat(w.get("firstName").asString()).startsWith("Zephyrine"));
        assertThat(open.getFirst().has("acknowledgement")).isFalse();
        assertThat(workList(laCoordinator, "OPEN")).extracting(w -> w.get("recallId").asString()).doesNotContain(recallId);

        // acknowledged by a provider with a note, then resolved by a coordinator; the note opens only on the chart
        String alertId = alert.get("id").asString();
        String path = "/api/records/v1/patients/" + ana + "/recall-alerts/" + alertId + "/status";
        assertThat(api().post(path, "{\"status\":\"ACKNOWLEDGED\",\"note\":\"x\"}").token(miamiNurse).send().status()).isEqualTo(403);
        ApiClient.Answer acknowledged = api().post(path, "{\"status\":\"ACKNOWLEDGED\",\"note\":\"" + NOTE + "\"}").token(surgeon).send();
        assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(200);
        assertThat(acknowledged.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.json().get("acknowledgedBy").asString()).isEqualTo("dr-vega");
        assertThat(api().post(path, "{\"status\":\"ACKNOWLEDGED\",\"note\":\"again\"}").token(surgeon).send().status()).isEqualTo(409);
        assertThat(workList(miamiCoordinator, "OPEN")).extracting(w -> w.get("id").asString()).doesNotContain(alertId);
        assertThat(workList(miamiCoordinator, "ACKNOWLEDGED")).extracting(w -> w.get("id").asString()).contains(alertId);

        ApiClient.Answer resolved = api().post(path, "{\"status\":\"RESOLVED\",\"note\":\"Ultrasound booked\"}")
                .token(miamiCoordinator).send();
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        JsonNode onChart = alerts(ana, surgeon).getFirst();
        assertThat(onChart.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(onChart.get("acknowledgement").asString()).isEqualTo(NOTE);
        assertThat(onChart.get("resolution").asString()).isEqualTo("Ultrasound booked");
        assertThat(onChart.get("resolvedBy").asString()).isEqualTo("coord-miami");
        assertThat(api().post(path, "{\"status\":\"RESOLVED\",\"note\":\"again\"}").token(surgeon).send().status()).isEqualTo(409);

        // the note is sealed at rest
        assertThat(mongo.getCollection("recall_alerts").find(new org.bson.Document("_id", alertId)).first().toJson())
                .doesNotContain(Phi.NOTE_MARKER);
        // the redelivery added no second alert for the other patient either
        assertThat(workList(miamiCoordinator, "OPEN").stream().filter(w -> recallId.equals(w.get("recallId").asString())))
                .extracting(w -> w.get("patientId").asString()).containsExactly(bea);
    }

    private void booked(String appointmentId, String patientId) {
        publish("aurora", "aurora-miami", new AppointmentBooked(appointmentId, patientId, "aurora-miami", "breast-augmentation",
                "SURGERY", List.of("dr-vega"), List.of("or-1"), Instant.now().plus(Duration.ofDays(30)),
                Instant.now().plus(Duration.ofDays(30)).plusSeconds(10800)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/records/v1/surgeries/" + appointmentId + "/checklist").token(miamiNurse).send().status() == 200);
    }

    private static void inventory(RecallRaised recall) {
        // inventory raises a recall for the whole group: no clinic on the event
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/inventory-service", "aurora", null, recall));
    }

    private List<JsonNode> alerts(String patientId, String token) {
        ApiClient.Answer answer = api().get("/api/records/v1/patients/" + patientId + "/recall-alerts").token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        answer.json().forEach(list::add);
        return list;
    }

    private List<JsonNode> workList(String token, String status) {
        ApiClient.Answer answer = api().get("/api/records/v1/recall-alerts?size=200&status=" + status).token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("totalItems").asLong()).isLessThanOrEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        answer.json().get("items").forEach(list::add);
        return list;
    }

    private long readsAudited(String patientId) {
        JsonNode entries = api().get("/api/records/v1/audit?limit=1000&patientId=" + patientId).token(admin).send().json();
        long n = 0;
        for (JsonNode e : entries) {
            if ("READ_RECALL_ALERTS".equals(e.get("action").asString()) && "ALLOWED".equals(e.get("outcome").asString())) {
                n++;
            }
        }
        return n;
    }
}
