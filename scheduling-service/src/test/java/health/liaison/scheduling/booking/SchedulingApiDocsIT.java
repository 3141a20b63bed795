package health.liaison.scheduling.booking;

import health.liaison.platform.testing.ApiDocsCheck;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling OpenAPI document as the gateway's Swagger UI shows it. */
class SchedulingApiDocsIT extends SchedulingTestBase {

    @Test
    void theDocumentValidatesDeclaresTheBearerSchemeAndDocumentsProblems() {
        OpenAPI api = ApiDocsCheck.assertValid(port, "Liaison Scheduling API", "GET /api/scheduling/v1/calendar-feeds/{token}");
        assertThat(api.getPaths()).containsKey("/api/scheduling/v1/appointments");
        assertThat(api.getPaths().get("/api/scheduling/v1/appointments").getGet().getParameters())
                .extracting(p -> p.getName()).contains("locationId", "date", "from", "to", "status", "page", "size");
        assertThat(api.getPaths().get("/api/scheduling/v1/appointments").getPost().getResponses()).containsKeys("409", "422");
    }
}
