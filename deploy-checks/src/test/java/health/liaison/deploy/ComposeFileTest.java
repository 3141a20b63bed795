package health.liaison.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml is valid for docker-compose and every container is health-checked, capped and ordered. */
class ComposeFileTest {

    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        Map<String, Object> compose = new Yaml(options).load(Files.readString(Repository.ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        Assumptions.assumeTrue(Repository.onPath("docker-compose"),
                "docker-compose is not installed (apt-get install docker-compose); .ci/run installs it");
        Repository.run("docker-compose", "-f", "docker-compose.yml", "--profile", "observability", "config", "-q");
    }

    @Test
    void everyServiceIsHealthCheckedAndMemoryCapped() {
        assertThat(services).containsKeys("mongo", "kafka", "authorization-server", "mail", "gateway", "scheduling-service",
                "patient-records-service", "billing-service", "inventory-service", "notification-service");
        services.forEach((name, service) -> {
            assertThat(service).as("healthcheck of %s", name).containsKey("healthcheck");
            assertThat(service).as("memory limit of %s", name).containsKey("mem_limit");
            Object image = service.get("image");
            if (image != null) {
                assertThat(image.toString()).as("image of %s", name).contains(":").doesNotEndWith(":latest");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApplicationsWaitForHealthyInfrastructure() {
        for (String name : List.of("gateway", "scheduling-service", "patient-records-service", "billing-service",
                "inventory-service", "notification-service")) {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(name).get("depends_on");
            assertThat(dependsOn).as("depends_on of %s", name).containsKeys("mongo", "kafka", "authorization-server");
            dependsOn.forEach((dependency, condition) ->
                    assertThat(condition.get("condition")).as("%s waits for %s", name, dependency).isEqualTo("service_healthy"));
        }
    }
}
