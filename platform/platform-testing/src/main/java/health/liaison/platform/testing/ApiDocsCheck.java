package health.liaison.platform.testing;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetches a running service's {@code /v3/api-docs} and checks what every Liaison OpenAPI document must hold: it
 * validates (swagger-parser reports nothing), has a real title and a version, declares the {@code bearer} scheme
 * (HTTP bearer, JWT) and requires it on every operation except the given public ones, and documents problem+json
 * error responses with the {@code ProblemDetail} schema.
 */
public final class ApiDocsCheck {

    private ApiDocsCheck() {
    }

    /** @return the parsed document, for further assertions */
    public static OpenAPI assertValid(int port, String expectedTitle, String... publicOperationIds) {
        ApiClient.Answer docs = ApiClient.onPort(port).get("/v3/api-docs").send();
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(docs.body(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's findings").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getInfo().getTitle()).isEqualTo(expectedTitle);
        assertThat(api.getInfo().getDescription()).isNotBlank();
        assertThat(api.getInfo().getVersion()).isNotBlank().doesNotStartWith("@").isNotEqualTo("v0");
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearer");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(bearer.getBearerFormat()).isEqualTo("JWT");
        SecurityScheme oauth2 = api.getComponents().getSecuritySchemes().get("oauth2");
        assertThat(oauth2.getFlows().getAuthorizationCode().getAuthorizationUrl()).endsWith("/oauth2/authorize");
        assertThat(api.getComponents().getSchemas()).containsKey("ProblemDetail");
        List<String> operations = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            operations.add(name);
            boolean open = List.of(publicOperationIds).contains(name);
            if (open) {
                assertThat(operation.getSecurity()).as(name + " is public").isEmpty();
            } else {
                assertThat(operation.getSecurity()).as(name).isNotEmpty()
                        .allSatisfy(requirement -> assertThat(requirement.keySet()).containsAnyOf("bearer", "oauth2"));
                assertThat(operation.getSecurity()).as(name).anySatisfy(requirement -> assertThat(requirement).containsKey("bearer"));
                assertProblem(name, operation, "401");
                assertProblem(name, operation, "403");
            }
            assertProblem(name, operation, "400");
            assertProblem(name, operation, "404");
        }));
        assertThat(operations).as("documented operations").isNotEmpty();
        return api;
    }

    private static void assertProblem(String name, Operation operation, String status) {
        var response = operation.getResponses().get(status);
        assertThat(response).as(name + " documents " + status).isNotNull();
        var media = response.getContent().get("application/problem+json");
        assertThat(media).as(name + " " + status + " is problem+json").isNotNull();
        assertThat(media.getSchema().get$ref()).isEqualTo("#/components/schemas/ProblemDetail");
    }
}
