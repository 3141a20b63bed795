package health.liaison.gateway;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's {@code /actuator/health} is UP on the in-JVM MongoDB wire server the local stack also runs (it said
 * DOWN there: Spring Boot's indicator asks {@code hello}), with its components shown to an operator's token only.
 */
class GatewayHealthIT extends GatewayITSupport {

    @Test
    void theAggregateIsUpAndAnonymousCallersSeeTheStatusOnly() {
        HttpResponse<String> health = management("/actuator/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("UP");
        assertThat(health.body()).doesNotContain("components");
    }

    @Test
    void anOperatorSeesTheComponentsWithMongoDbUpAndNoneDown() {
        HttpResponse<String> health = management("/actuator/health", freshUser("OPERATOR").sign());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        Map<String, Map<String, Object>> components = JsonPath.read(health.body(), "$.components");
        assertThat(components.get("mongo").get("status")).as(health.body()).isEqualTo("UP");
        // the discovery client's contributors say UNKNOWN (instances are configured, not discovered): no verdict
        components.forEach((name, component) -> assertThat(component.get("status")).as("%s in %s", name, health.body()).isIn("UP", "UNKNOWN"));
    }
}
