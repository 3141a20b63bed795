package health.liaison.platform;

import health.liaison.platform.testapp.ChartTestApplication;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} tells the truth on the same MongoDB wire server the local stack runs (it said DOWN while
 * every query worked: Spring Boot's indicator asks {@code hello}, which mongo-java-server does not know), and shows
 * its components only to an operator's token; probes and anonymous callers get the status alone.
 */
@SpringBootTest(classes = ChartTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class HealthIT {

    @LocalServerPort
    int port;

    @Test
    void theAggregateIsUpWithLivenessAndReadinessAndShowsNoComponentsToAnonymousCallers() {
        ApiClient api = ApiClient.onPort(port);
        ApiClient.Answer health = api.get("/actuator/health").send();
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components")).as("components shown to an anonymous caller: %s", health.body()).isFalse();
        assertThat(api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
    }

    @Test
    void anOperatorSeesEveryComponentUpWithMongoDbAmongThem() {
        String operator = TestIdentity.token().tenant("aurora").roles("OPERATOR").sign();
        ApiClient.Answer health = ApiClient.onPort(port).get("/actuator/health").token(operator).send();
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.json().get("components").get("mongo").get("status").asString()).as("%s", health.body()).isEqualTo("UP");
        assertThat(health.json().get("components").get("mongo").get("details").get("database").asString()).isEqualTo("liaison_platform_test");
        health.json().get("components").properties().forEach(component ->
                assertThat(component.getValue().get("status").asString()).as("%s in %s", component.getKey(), health.body()).isEqualTo("UP"));
    }

    @Test
    void anotherRoleSeesTheStatusOnly() {
        String coordinator = TestIdentity.coordinator("aurora", "aurora-miami");
        ApiClient.Answer health = ApiClient.onPort(port).get("/actuator/health").token(coordinator).send();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().has("components")).isFalse();
    }
}
