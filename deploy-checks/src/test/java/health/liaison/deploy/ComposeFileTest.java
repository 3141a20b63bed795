package health.liaison.deploy;

import health.liaison.platform.events.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml is valid for docker-compose, every long-running container is health-checked and memory-capped,
 * the applications start only on healthy infrastructure, and the topics created are the ones the code declares.
 */
class ComposeFileTest {

    static final List<String> APPLICATIONS = List.of("gateway", "scheduling-service", "patient-records-service",
            "billing-service", "inventory-service", "notification-service", "insights-service", "console");
    static final List<String> INFRASTRUCTURE = List.of("mongo", "kafka", "authorization-server");
    /** One-shot jobs: they run to completion, so "healthy" means nothing for them; dependants wait for success. */
    static final String TOPIC_JOB = "kafka-topics";

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
                "docker-compose is not installed (apt-get install docker-compose; .ci/run installs it), so only the "
                        + "content checks of docker-compose.yml ran");
        Repository.run("docker-compose", "-f", "docker-compose.yml", "--profile", "observability", "config", "-q");
    }

    @Test
    void everyLongRunningServiceIsHealthCheckedAndEveryServiceIsMemoryCapped() {
        assertThat(services).containsKeys("mail", TOPIC_JOB);
        assertThat(services).containsKeys(APPLICATIONS.toArray(String[]::new));
        assertThat(services).containsKeys(INFRASTRUCTURE.toArray(String[]::new));
        services.forEach((name, service) -> {
            assertThat(service).as("memory limit (mem_limit) of %s", name).containsKey("mem_limit");
            if (!name.equals(TOPIC_JOB)) {
                assertThat(service).as("healthcheck of %s", name).containsKey("healthcheck");
                assertThat(service.get("healthcheck")).as("healthcheck of %s", name).isInstanceOf(Map.class);
                assertThat(((Map<?, ?>) service.get("healthcheck")).containsKey("test")).as("healthcheck test of %s", name).isTrue();
            }
        });
    }

    @Test
    void everyImageIsPinnedToATag() {
        services.forEach((name, service) -> {
            Object image = service.get("image");
            assertThat(image).as("image of %s (a built service names its image and tag too)", name).isNotNull();
            String reference = image.toString();
            String tag = reference.substring(reference.lastIndexOf('/') + 1);
            assertThat(tag).as("image of %s", name).contains(":").doesNotEndWith(":latest");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApplicationsStartOnlyOnHealthyInfrastructure() {
        for (String name : APPLICATIONS) {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(name).get("depends_on");
            assertThat(dependsOn).as("depends_on of %s", name).containsKeys(INFRASTRUCTURE.toArray(String[]::new)).containsKey(TOPIC_JOB);
            dependsOn.forEach((dependency, condition) -> assertThat(condition.get("condition"))
                    .as("%s waits for %s", name, dependency)
                    .isEqualTo(dependency.equals(TOPIC_JOB) ? "service_completed_successfully" : "service_healthy"));
        }
        Map<String, Map<String, String>> gatewayWaitsFor = (Map<String, Map<String, String>>) services.get("gateway").get("depends_on");
        assertThat(gatewayWaitsFor).as("the gateway waits for every service").containsKeys(
                APPLICATIONS.stream().filter(a -> !a.equals("gateway")).toArray(String[]::new));
    }

    @Test
    void theTopicJobCreatesEveryTopicTheCodeDeclares() {
        String command = String.valueOf(services.get(TOPIC_JOB).get("command"));
        Set<String> created = Pattern.compile("[a-z]+\\.[a-z]+\\.v\\d+(\\.dlt)?").matcher(command).results()
                .map(m -> m.group()).collect(Collectors.toSet());
        assertThat(created).as("topics created by the %s service", TOPIC_JOB).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(String.valueOf(services.get("kafka").get("environment")))
                .as("Kafka must not create topics on first use, or a typo would make a topic nobody reads")
                .contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsComeFromDemoFilesNotFromTheComposeFile() {
        for (String name : List.of("patient-records-service", "notification-service")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
            assertThat(environment).as("environment of %s", name)
                    .doesNotContainKeys("LIAISON_RECORDS_ENCRYPTION_KEYSET", "LIAISON_SMS_AUTH_TOKEN");
            List<String> envFiles = (List<String>) services.get(name).get("env_file");
            assertThat(envFiles).as("env_file of %s", name).isNotEmpty().allMatch(f -> f.startsWith("docker/demo-"));
            envFiles.forEach(f -> assertThat(Repository.ROOT.resolve(f)).as("%s of %s", f, name).isRegularFile());
        }
        assertThat(Repository.ROOT.resolve("docker/demo-records.env")).content()
                .as("the compose keyset says it is a demo value").contains("DEMO-ONLY").contains("LIAISON_RECORDS_ENCRYPTION_KEYSET=");
    }
}
