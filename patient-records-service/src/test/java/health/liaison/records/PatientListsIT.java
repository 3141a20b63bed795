package health.liaison.records;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What lists need of charts without putting a name in a URL: summaries by id and search with the criteria in the body. */
class PatientListsIT extends RecordsTestBase {

    static final String SUMMARIES = "/api/records/v1/patients/summaries";
    static final String SEARCH = "/api/records/v1/patients/search";

    @Test
    void summariesNameTheChartsTheCallerMaySeeAndLeaveTheRestOutEachReadAudited() {
        Phi miamiPhi = Phi.fresh();
        String miami = register(miamiPhi);
        Phi laPhi = Phi.fresh();
        ApiClient.Answer created = api().post("/api/records/v1/patients", laPhi.registrationJson("aurora-beverly-hills"))
                .token(laCoordinator).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String beverlyHills = created.json().get("id").asString();
        ApiClient.Answer belmontChart = api().post("/api/records/v1/patients", Phi.fresh().registrationJson("belmont-chicago"))
                .token(belmont).send();
        assertThat(belmontChart.status()).as(belmontChart.toString()).isEqualTo(201);
        String otherGroup = belmontChart.json().get("id").asString();

        String body = "{\"ids\":[\"" + miami + "\",\"unknown-" + run + "\",\"" + beverlyHills + "\",\"" + otherGroup + "\",\"" + miami + "\"]}";
        ApiClient.Answer answer = api().post(SUMMARIES, body).token(miamiCoordinator).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode items = answer.json().get("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("id").asString()).isEqualTo(miami);
        assertThat(items.get(0).get("displayName").asString()).isEqualTo(miamiPhi.firstName() + " " + miamiPhi.lastName());
        assertThat(items.get(0).get("dateOfBirth").asString()).isEqualTo(miamiPhi.dateOfBirth());
        assertThat(items.get(0).get("locationId").asString()).isEqualTo("aurora-miami");
        assertThat(answer.body()).doesNotContain(laPhi.lastName()).doesNotContain(miamiPhi.email());

        // an administrator sees both clinics of the group, in the order asked, never the other group's
        ApiClient.Answer both = api().post(SUMMARIES, body).token(admin).send();
        assertThat(texts(both.json().get("items"), "id")).containsExactly(miami, beverlyHills);
        // a patient sees their own chart only
        String patient = TestIdentity.token().tenant("aurora").roles("PATIENT").patientId(beverlyHills).sign();
        assertThat(texts(api().post(SUMMARIES, body).token(patient).send().json().get("items"), "id")).containsExactly(beverlyHills);
        assertThat(api().post(SUMMARIES, body).token(belmont).send().json().get("items").size()).isEqualTo(1);

        // each chart read audited like a read: allowed for Miami's, denied for the clinic the coordinator does not work at
        List<JsonNode> reads = auditEntries(miami, "READ_CHART");
        assertThat(reads).anyMatch(e -> "ALLOWED".equals(e.get("outcome").asString()) && "coord-miami".equals(e.get("userId").asString()));
        assertThat(auditEntries(beverlyHills, "READ_CHART"))
                .anyMatch(e -> "DENIED".equals(e.get("outcome").asString()) && "coord-miami".equals(e.get("userId").asString()));

        StringBuilder tooMany = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < 201; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"p").append(i).append("\"");
        }
        ApiClient.Answer refused = api().post(SUMMARIES, tooMany + "]}").token(miamiCoordinator).send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("ids");
        assertThat(api().post(SUMMARIES, "{}").token(miamiCoordinator).send().status()).isEqualTo(400);
        assertThat(api().post(SUMMARIES, body).token(TestIdentity.token().tenant("aurora").locations("aurora-miami")
                .roles("INVENTORY").sign()).send().status()).isEqualTo(403);
    }

    @Test
    void searchInTheBodyFoldsAccentsPagesWithATotalAndMatchesTheDeprecatedGet() {
        String suffix = run.substring(0, 5);
        List<String> ids = new ArrayList<>();
        for (String first : List.of("José", "Josefa", "Joselito", "Josué", "Jorge")) {
            ApiClient.Answer created = api().post("/api/records/v1/patients", Phi.fresh()
                            .registrationJson("aurora-miami", first, "Peña" + suffix, "1979-03-0" + (ids.size() + 1), null, null, null))
                    .token(miamiCoordinator).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }
        ApiClient.Answer laChart = api().post("/api/records/v1/patients", Phi.fresh()
                .registrationJson("aurora-beverly-hills", "José", "Peña" + suffix, "1979-04-01", null, null, null)).token(laCoordinator).send();
        assertThat(laChart.status()).isEqualTo(201);

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            ApiClient.Answer answer = api().post(SEARCH, "{\"name\":\"pena" + suffix + " jos\",\"page\":" + page + ",\"size\":2}")
                    .token(miamiCoordinator).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("totalItems").asLong()).as("Miami's four José…, not Jorge, not Beverly Hills' José").isEqualTo(4);
            assertThat(answer.json().get("totalPages").asInt()).isEqualTo(2);
            assertThat(answer.json().get("page").asInt()).isEqualTo(page);
            assertThat(answer.json().get("size").asInt()).isEqualTo(2);
            answer.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids.subList(0, 4));

        ApiClient.Answer one = api().post(SEARCH, "{\"name\":\"PEÑA" + suffix + "\",\"dateOfBirth\":\"1979-03-05\"}").token(miamiCoordinator).send();
        assertThat(texts(one.json().get("items"), "id")).containsExactly(ids.get(4));
        assertThat(one.json().get("items").get(0).get("displayName").asString()).isEqualTo("Jorge Peña" + suffix);
        assertThat(one.json().get("size").asInt()).isEqualTo(50);
        // the deprecated GET answers from the same search
        ApiClient.Answer get = api().get("/api/records/v1/patients?name=pena" + suffix + "%20jos&size=10").token(miamiCoordinator).send();
        assertThat(texts(get.json(), "id")).containsExactlyInAnyOrderElementsOf(ids.subList(0, 4));
        // an administrator finds both clinics' charts; another group none
        assertThat(api().post(SEARCH, "{\"name\":\"pena" + suffix + " jose\"}").token(admin).send().json().get("totalItems").asLong())
                .as("José, Josefa, Joselito at Miami and José at Beverly Hills").isEqualTo(4);
        assertThat(api().post(SEARCH, "{\"name\":\"pena" + suffix + "\"}").token(belmont).send().json().get("totalItems").asLong()).isZero();
        // each hit returned is audited
        assertThat(auditEntries(ids.get(4), "SEARCH_HIT")).isNotEmpty();

        for (String[] bad : new String[][]{{"{\"name\":\"x\",\"size\":0}", "size"}, {"{\"name\":\"x\",\"size\":201}", "size"},
                {"{\"name\":\"x\",\"page\":-1}", "page"}, {"{}", "name"}, {"{\"name\":\"x\",\"dateOfBirth\":\"1979-13-01\"}", "dateOfBirth"}}) {
            ApiClient.Answer refused = api().post(SEARCH, bad[0]).token(miamiCoordinator).send();
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.body()).as(bad[0]).contains("\"" + bad[1] + "\"");
        }
        String patient = TestIdentity.token().tenant("aurora").roles("PATIENT").patientId(ids.get(0)).sign();
        assertThat(api().post(SEARCH, "{\"name\":\"pena\"}").token(patient).send().status()).isEqualTo(403);
    }

    private List<JsonNode> auditEntries(String patientId, String action) {
        List<JsonNode> entries = new ArrayList<>();
        api().get("/api/records/v1/audit?limit=1000&patientId=" + patientId).token(admin).send().json().forEach(e -> {
            if (action.equals(e.get("action").asString())) {
                entries.add(e);
            }
        });
        return entries;
    }
}
