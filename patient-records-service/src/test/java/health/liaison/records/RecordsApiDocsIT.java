package health.liaison.records;

import health.liaison.platform.testing.ApiDocsCheck;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The records OpenAPI document: valid, secured, problems documented; the name search by URL deprecated. */
class RecordsApiDocsIT extends RecordsTestBase {

    @Test
    void theDocumentValidatesDeclaresTheBearerSchemeAndDeprecatesSearchByUrl() {
        OpenAPI api = ApiDocsCheck.assertValid(port, "Liaison Patient Records API");
        assertThat(api.getPaths().get("/api/records/v1/patients").getGet().getDeprecated()).isTrue();
        assertThat(api.getPaths().get("/api/records/v1/patients/search").getPost().getDeprecated()).isNotEqualTo(Boolean.TRUE);
        assertThat(api.getPaths()).containsKey("/api/records/v1/patients/summaries");
    }
}
