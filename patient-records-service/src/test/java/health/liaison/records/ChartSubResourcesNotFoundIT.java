package health.liaison.records;

import health.liaison.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every per-chart list answers 404 (problem+json) for an id the caller's practice group does not have, the
 * same answer for an unknown id and for another group's chart, so neither a read nor a write can tell that
 * the other group holds that id; the chart's own group still reads its lists.
 */
class ChartSubResourcesNotFoundIT extends RecordsTestBase {

    private static final List<String> LISTS = List.of("care-plans", "surgeries", "consents", "consents/missing", "complaints",
            "recall-alerts", "notes", "files", "medical-history", "medical-history/versions");

    @Test
    void aPerChartListOfAnUnknownOrAnotherGroupsIdIsTheSame404() {
        String aurora = register(Phi.fresh());
        String unknown = "unknown-" + run;
        for (String list : LISTS) {
            ApiClient.Answer theirs = api().get("/api/records/v1/patients/" + aurora + "/" + list).token(belmont).send();
            ApiClient.Answer none = api().get("/api/records/v1/patients/" + unknown + "/" + list).token(belmont).send();
            assertThat(theirs.status()).as(list + " " + theirs).isEqualTo(404);
            assertThat(none.status()).as(list + " " + none).isEqualTo(404);
            assertSameNotFound(theirs, none, list);
        }
        // the chart's own group reads them (a list, possibly empty, is an answer about a chart it has)
        for (String list : List.of("care-plans", "complaints", "recall-alerts", "notes")) {
            assertThat(api().get("/api/records/v1/patients/" + aurora + "/" + list).token(surgeon).send().status()).as(list).isEqualTo(200);
        }
        // a write cannot tell either: same 404, and nothing is written on aurora's chart
        String complaint = "{\"category\":\"SERVICE\",\"description\":\"probe\"}";
        ApiClient.Answer writeTheirs = api().post("/api/records/v1/patients/" + aurora + "/complaints", complaint).token(belmont).send();
        ApiClient.Answer writeNone = api().post("/api/records/v1/patients/" + unknown + "/complaints", complaint).token(belmont).send();
        assertThat(writeTheirs.status()).as(writeTheirs.toString()).isEqualTo(404);
        assertThat(writeNone.status()).as(writeNone.toString()).isEqualTo(404);
        assertSameNotFound(writeTheirs, writeNone, "complaints (write)");
        assertThat(api().get("/api/records/v1/patients/" + aurora + "/complaints").token(admin).send().json().size()).isZero();
    }

    private static void assertSameNotFound(ApiClient.Answer theirs, ApiClient.Answer none, String what) {
        assertThat(theirs.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(none.header("Content-Type")).as(what).startsWith("application/problem+json");
        JsonNode a = theirs.json(), b = none.json();
        for (String field : List.of("status", "title", "detail", "type")) {
            assertThat(String.valueOf(a.get(field))).as(what + " " + field).isEqualTo(String.valueOf(b.get(field)));
        }
    }
}
