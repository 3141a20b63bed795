package health.liaison.gateway;

import com.jayway.jsonpath.JsonPath;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDiscoveryIT extends GatewayITSupport {

    @Test
    void theSwaggerUiListsEveryServicesDocument() {
        HttpResponse<String> config = get("/v3/api-docs/swagger-config", null);

        assertThat(config.statusCode()).isEqualTo(200);
        List<String> names = JsonPath.read(config.body(), "$.urls[*].name");
        List<String> urls = JsonPath.read(config.body(), "$.urls[*].url");
        assertThat(names).containsExactlyInAnyOrder("scheduling", "records", "billing", "inventory", "notifications", "insights");
        assertThat(urls).allSatisfy(url -> assertThat(url).startsWith("/openapi/"));
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
    }

    @Test
    void swaggerUisAuthorizeSignsInWithThePublicClientAndPkceAndMayCallOnlyTheAuthorizationServer() {
        HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js", null);
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("initOAuth").contains("\"liaison-web\"")
                .contains("usePkceWithAuthorizationCodeGrant").contains("openid");
        String issuer = URI.create(TestIdentity.issuer()).getAuthority();
        String csp = get("/swagger-ui/index.html", null).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("connect-src 'self' http://" + issuer + ";").doesNotContain("unsafe-eval");
    }

    @Test
    void everyServicesDocumentIsServedThroughTheGatewayWithTheGatewayAsServer() {
        for (String area : List.of("scheduling", "records", "billing", "inventory", "notifications", "insights")) {
            HttpResponse<String> document = get("/openapi/" + area, null);

            assertThat(document.statusCode()).as(area).isEqualTo(200);
            assertThat((String) JsonPath.read(document.body(), "$.info.title")).isEqualTo(area + " service");
            Map<String, Object> paths = JsonPath.read(document.body(), "$.paths");
            assertThat(paths).containsKey("/api/" + area + "/v1/things");
            assertThat((List<String>) JsonPath.read(document.body(), "$.servers[*].url")).containsExactly("/");
            assertThat(document.body()).doesNotContain("cluster.local");
        }
    }
}
