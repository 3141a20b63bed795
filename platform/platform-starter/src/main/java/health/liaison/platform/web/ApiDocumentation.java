package health.liaison.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.util.AntPathMatcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What every service's OpenAPI document says alike: a real title ({@code @OpenAPIDefinition} on the application, else
 * "Liaison &lt;Area&gt; API"), the project version, the {@code bearer} scheme (an OAuth2 access token, a JWT) required by
 * every operation except the public GET paths ({@code liaison.security.public-get-paths}), an {@code oauth2}
 * authorization-code scheme so Swagger UI's "Authorize" signs in at the authorization server, and the problem+json
 * error responses with the {@code ProblemDetail} schema.
 */
public class ApiDocumentation implements OpenApiCustomizer {

    public static final String BEARER = "bearer";
    public static final String OAUTH2 = "oauth2";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String DEFAULT_TITLE = "OpenAPI definition";

    private final String applicationName;
    private final String version;
    private final List<String> publicGetPaths;
    private final String authorizationUrl;
    private final String tokenUrl;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public ApiDocumentation(Environment environment) {
        this.applicationName = environment.getProperty("spring.application.name", "liaison");
        this.version = projectVersion();
        this.publicGetPaths = Arrays.stream(environment.getProperty("liaison.security.public-get-paths", String[].class, new String[0]))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
        String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "http://localhost:9000");
        String browserIssuer = environment.getProperty("liaison.api.oauth2.issuer-uri", issuer).replaceAll("/$", "");
        this.authorizationUrl = environment.getProperty("liaison.api.oauth2.authorization-url", browserIssuer + "/oauth2/authorize");
        this.tokenUrl = environment.getProperty("liaison.api.oauth2.token-url", browserIssuer + "/oauth2/token");
    }

    @Override
    public void customise(OpenAPI api) {
        Info info = api.getInfo() == null ? new Info() : api.getInfo();
        if (info.getTitle() == null || info.getTitle().isBlank() || DEFAULT_TITLE.equals(info.getTitle())) {
            info.setTitle("Liaison " + areaName() + " API");
        }
        if (info.getDescription() == null || info.getDescription().isBlank()) {
            info.setDescription("The " + areaName().toLowerCase(Locale.ROOT) + " service of Liaison. Every operation needs an "
                    + "OAuth2 access token (Authorization: Bearer); errors are RFC 9457 problem+json.");
        }
        info.setVersion(version);
        api.setInfo(info);

        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("An OAuth2 access token (JWT) of the practice group's authorization server"));
        components.addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("Sign in at the authorization server (authorization code with PKCE, public client liaison-web)")
                .flows(new OAuthFlows().authorizationCode(new OAuthFlow().authorizationUrl(authorizationUrl).tokenUrl(tokenUrl)
                        .scopes(new Scopes().addString("openid", "who you are").addString("profile", "your name")))));
        components.addSchemas("FieldProblem", new ObjectSchema().description("One field or parameter at fault")
                .addProperty("field", new StringSchema()).addProperty("message", new StringSchema()));
        components.addSchemas("ProblemDetail", new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("https://liaison.health/problems/invalid-request"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem"))));
        api.setComponents(components);
        api.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(OAUTH2)));

        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean open = method == PathItem.HttpMethod.GET && publicGetPaths.stream().anyMatch(p -> matcher.match(p, path));
            operation.setSecurity(open ? List.of()
                    : List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(OAUTH2)));
            problems(method, open).forEach((status, description) -> respond(operation, status, description));
        }));
    }

    private static Map<String, String> problems(PathItem.HttpMethod method, boolean open) {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Invalid request: the problem's errors name each field or parameter at fault");
        if (!open) {
            problems.put("401", "No valid access token");
            problems.put("403", "Your role or clinic does not allow this");
        }
        problems.put("404", "Not found (or another practice group's)");
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD && method != PathItem.HttpMethod.OPTIONS;
        if (write) {
            problems.put("409", "Conflicts with the current state (or the same Idempotency-Key is still in progress)");
        }
        if (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.PATCH || method == PathItem.HttpMethod.DELETE) {
            problems.put("412", "If-Match names a version that is no longer current: read again");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
            problems.put("422", "Unprocessable: e.g. an Idempotency-Key reused with another body");
        }
        return problems;
    }

    private static void respond(Operation operation, String status, String description) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
        operation.setResponses(responses);
    }

    /** "scheduling-service" → "Scheduling", "patient-records-service" → "Patient Records". */
    private String areaName() {
        String area = applicationName.replaceFirst("-service$", "");
        StringBuilder name = new StringBuilder();
        for (String word : area.split("-")) {
            if (!word.isEmpty()) {
                name.append(name.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    private static String projectVersion() {
        try (InputStream in = ApiDocumentation.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String version = properties.getProperty("version", "");
            return version.isBlank() || version.startsWith("@") ? "unversioned" : version;
        } catch (IOException e) {
            return "unversioned";
        }
    }
}
