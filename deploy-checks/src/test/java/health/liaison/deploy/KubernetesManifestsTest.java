package health.liaison.deploy;

import health.liaison.platform.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay with {@code kubectl kustomize} and holds the result to Liaison's deployment invariants, read
 * through fabric8's Kubernetes model. A broken overlay fails the render; a manifest that breaks a rule fails here.
 */
class KubernetesManifestsTest {

    static final Map<String, List<HasMetadata>> RENDERED = new LinkedHashMap<>();
    /** Where the rendered overlays are kept for a look after the run (the same place validate.sh writes them). */
    static final Path RENDERED_DIR = Repository.ROOT.resolve("deploy-checks/target/rendered");
    /** spring.lifecycle.timeout-per-shutdown-phase in every service (LiaisonDefaults). */
    static final long GRACEFUL_SHUTDOWN_SECONDS = 20;
    /** liaison.shutdown.drain of every service (ShutdownDrain in platform-starter), before the graceful shutdown. */
    static final long DRAIN_SECONDS = 5;

    @BeforeAll
    static void render() throws IOException {
        Assumptions.assumeTrue(Repository.onPath("kubectl"),
                "kubectl is not installed, so the Kubernetes overlays cannot be rendered here (CI machines have it)");
        for (String overlay : Repository.overlays()) {
            String yaml = Repository.run("kubectl", "kustomize", "k8s/overlays/" + overlay);
            Files.createDirectories(RENDERED_DIR);
            Files.writeString(RENDERED_DIR.resolve(overlay + ".yaml"), yaml);
            List<HasMetadata> objects = new ArrayList<>();
            for (String document : yaml.split("(?m)^---$")) {
                if (!document.isBlank()) {
                    objects.add(Serialization.unmarshal(document, HasMetadata.class));
                }
            }
            RENDERED.put(overlay, objects);
        }
    }

    static List<String> overlays() throws IOException {
        return Repository.overlays();
    }

    @Test
    void thereAreADevAndAProdOverlay() {
        assertThat(RENDERED).containsKeys("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasProbesResourcesAndAHardenedSecurityContext(String overlay) {
        for (Workload workload : workloads(overlay)) {
            for (Container container : workload.pod().getContainers()) {
                String where = overlay + "/" + workload.name() + "/" + container.getName();
                assertThat(container.getLivenessProbe()).as("liveness probe of %s", where).isNotNull();
                assertThat(container.getReadinessProbe()).as("readiness probe of %s", where).isNotNull();
                assertThat(container.getResources().getRequests()).as("requests of %s", where).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as("limits of %s", where).containsKey("memory");
                Boolean nonRoot = container.getSecurityContext() != null && container.getSecurityContext().getRunAsNonRoot() != null
                        ? container.getSecurityContext().getRunAsNonRoot()
                        : workload.pod().getSecurityContext() == null ? null : workload.pod().getSecurityContext().getRunAsNonRoot();
                assertThat(nonRoot).as("runAsNonRoot of %s", where).isTrue();
                assertThat(container.getSecurityContext()).as("security context of %s", where).isNotNull();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as("read-only root of %s", where).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as("privilege escalation of %s", where).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as("dropped capabilities of %s", where).contains("ALL");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinnedToATag(String overlay) {
        for (Workload workload : workloads(overlay)) {
            for (Container container : workload.pod().getContainers()) {
                String image = container.getImage();
                String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                        ? image.substring(image.lastIndexOf(':') + 1) : "";
                assertThat(tag).as("tag of %s in %s", image, overlay).isNotBlank().isNotEqualTo("latest");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasAServiceAndANetworkPolicy(String overlay) {
        List<Service> services = of(overlay, Service.class);
        List<NetworkPolicy> policies = of(overlay, NetworkPolicy.class);
        for (Deployment deployment : of(overlay, Deployment.class)) {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(services).as("a Service selecting %s in %s", deployment.getMetadata().getName(), overlay)
                    .anyMatch(s -> s.getSpec().getSelector() != null && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
            assertThat(policies).as("a NetworkPolicy admitting traffic to %s in %s", deployment.getMetadata().getName(), overlay)
                    .anyMatch(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty()
                            && p.getSpec().getPodSelector().getMatchLabels() != null
                            && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()));
        }
        assertThat(policies).as("a default-deny policy in %s", overlay)
                .anyMatch(p -> (p.getSpec().getPodSelector().getMatchLabels() == null || p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                        && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()) && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
    }

    @Test
    void inProductionEveryDeploymentRunsTwiceAndHasAnAutoscalerAndADisruptionBudget() {
        List<HorizontalPodAutoscaler> autoscalers = of("prod", HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> budgets = of("prod", PodDisruptionBudget.class);
        for (Deployment deployment : of("prod", Deployment.class)) {
            String name = deployment.getMetadata().getName();
            assertThat(deployment.getSpec().getReplicas()).as("replicas of %s", name).isGreaterThanOrEqualTo(2);
            assertThat(autoscalers).as("an HPA for %s", name).anyMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(name)
                    && h.getSpec().getMinReplicas() >= 2);
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets).as("a PDB for %s", name)
                    .anyMatch(b -> labels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()));
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getLifecycle().getPreStop())
                    .as("preStop of %s", name).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheCodeDeclaresHasAKafkaTopic(String overlay) {
        Set<String> declared = RENDERED.get(overlay).stream()
                .filter(o -> o instanceof GenericKubernetesResource && "KafkaTopic".equals(o.getKind()))
                .map(o -> (String) ((Map<?, ?>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec")).get("topicName"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        assertThat(declared).as("KafkaTopics in %s", overlay).containsAll(Topics.all());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void liaisonProcessesProbeTheActuatorGroupsAndOutliveTheirGracefulShutdown(String overlay) {
        for (Deployment deployment : of(overlay, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                if (!container.getImage().startsWith("liaison/") && !container.getImage().contains("/liaison/")) {
                    continue;
                }
                String where = overlay + "/" + deployment.getMetadata().getName();
                assertThat(container.getLivenessProbe().getHttpGet()).as("liveness probe of %s", where).isNotNull();
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness path of %s", where)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("readiness path of %s", where)
                        .isEqualTo("/actuator/health/readiness");
                assertThat(container.getLifecycle()).as("lifecycle of %s", where).isNotNull();
                long preStop = preStopSeconds(container);
                assertThat(preStop).as("preStop pause of %s (lets endpoints drop the pod before shutdown)", where).isPositive();
                assertThat(pod.getTerminationGracePeriodSeconds()).as("terminationGracePeriodSeconds of %s", where)
                        .isGreaterThan(preStop + DRAIN_SECONDS + GRACEFUL_SHUTDOWN_SECONDS);
                assertThat(pod.getVolumes()).as("volumes of %s (a writable /tmp on a read-only root)", where)
                        .anyMatch(v -> v.getEmptyDir() != null);
                assertThat(container.getVolumeMounts()).as("/tmp of %s", where).anyMatch(m -> m.getMountPath().equals("/tmp"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deadLetterTopicsHaveTheirSourcesPartitionsAndEveryTopicARetention(String overlay) {
        Map<String, Map<?, ?>> specs = kafkaTopicSpecs(overlay);
        for (String topic : Topics.domainTopics()) {
            Map<?, ?> source = specs.get(topic);
            Map<?, ?> deadLetters = specs.get(Topics.deadLetterOf(topic));
            assertThat(source).as("KafkaTopic %s in %s", topic, overlay).isNotNull();
            assertThat(deadLetters).as("KafkaTopic %s in %s", Topics.deadLetterOf(topic), overlay).isNotNull();
            assertThat(((Number) source.get("partitions")).intValue()).as("partitions of %s in %s", topic, overlay)
                    .isGreaterThanOrEqualTo(3);
            // the dead-letter recoverer publishes to the failed record's own partition number
            assertThat(deadLetters.get("partitions")).as("partitions of %s in %s", Topics.deadLetterOf(topic), overlay)
                    .isEqualTo(source.get("partitions"));
        }
        // a topic either expires its records or is compacted to the latest per key (scheduling.location.v1: every clinic's definition)
        specs.forEach((name, spec) -> assertThat(spec.get("config") instanceof Map<?, ?> config
                        && (config.containsKey("retention.ms") || "compact".equals(config.get("cleanup.policy"))))
                .as("retention.ms or cleanup.policy compact in the config of KafkaTopic %s in %s", name, overlay).isTrue());
    }

    @Test
    void inProductionTheGatewayAloneIsExposedOverTlsAndSecretsAreOnlyReferenced() {
        List<Ingress> ingresses = of("prod", Ingress.class);
        assertThat(ingresses).as("an Ingress in prod").isNotEmpty();
        for (Ingress ingress : ingresses) {
            assertThat(ingress.getSpec().getTls()).as("TLS of Ingress %s", ingress.getMetadata().getName()).isNotEmpty();
            Set<String> hosts = ingress.getSpec().getRules().stream().map(r -> r.getHost()).collect(Collectors.toSet());
            Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).collect(Collectors.toSet());
            assertThat(tlsHosts).as("hosts served over TLS by %s", ingress.getMetadata().getName()).containsAll(hosts);
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
                    assertThat(path.getBackend().getService().getName()).as("backend of %s", ingress.getMetadata().getName())
                            .isEqualTo("gateway")));
        }
        assertThat(of("prod", Secret.class)).as("Secrets rendered into prod (they must exist in the cluster, never in git)")
                .isEmpty();
    }

    @Test
    void inProductionEveryLiaisonServiceIsScrapedByAServiceMonitor() {
        List<Map<?, ?>> selectors = RENDERED.get("prod").stream()
                .filter(o -> o instanceof GenericKubernetesResource && "ServiceMonitor".equals(o.getKind()))
                .<Map<?, ?>>map(o -> (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((GenericKubernetesResource) o).getAdditionalProperties()
                        .get("spec")).get("selector")).get("matchLabels"))
                .toList();
        for (Service service : of("prod", Service.class)) {
            Map<String, String> labels = service.getMetadata().getLabels();
            if (labels == null || !"liaison".equals(labels.get("app.kubernetes.io/part-of"))) {
                continue;
            }
            assertThat(selectors).as("a ServiceMonitor selecting Service %s", service.getMetadata().getName())
                    .anyMatch(selector -> selector != null && labels.entrySet().containsAll(selector.entrySet()));
        }
    }

    @Test
    void inProductionTheGatewaysMetricsAreScrapedOffThePortTheIngressExposes() {
        Set<String> exposed = of("prod", Ingress.class).stream()
                .flatMap(ingress -> ingress.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> path.getBackend().getService().getPort().getName())
                .collect(Collectors.toSet());
        Map<?, ?> monitor = RENDERED.get("prod").stream()
                .filter(o -> o instanceof GenericKubernetesResource && "ServiceMonitor".equals(o.getKind())
                        && "gateway".equals(o.getMetadata().getName()))
                .map(o -> (Map<?, ?>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec"))
                .findFirst().orElseThrow();
        List<?> endpoints = (List<?>) monitor.get("endpoints");
        assertThat(endpoints).isNotEmpty();
        Service gateway = of("prod", Service.class).stream().filter(sv -> sv.getMetadata().getName().equals("gateway")).findFirst().orElseThrow();
        Set<String> servicePorts = gateway.getSpec().getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
        for (Object endpoint : endpoints) {
            Object port = ((Map<?, ?>) endpoint).get("port");
            assertThat(exposed).as("the Ingress must not expose the port the gateway's metrics are scraped on").doesNotContain((String) port);
            assertThat(servicePorts).as("ports of the gateway Service").contains((String) port);
        }
        Deployment deployment = of("prod", Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("gateway")).findFirst().orElseThrow();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).as("the gateway's probes use the management port")
                .isNotIn(exposed);
    }

    private static long preStopSeconds(Container container) {
        var preStop = container.getLifecycle().getPreStop();
        if (preStop == null) {
            return 0;
        }
        if (preStop.getSleep() != null) {
            return preStop.getSleep().getSeconds();
        }
        if (preStop.getExec() != null) {
            List<String> command = preStop.getExec().getCommand();
            int sleep = command.indexOf("sleep");
            return sleep >= 0 && sleep + 1 < command.size() ? Long.parseLong(command.get(sleep + 1)) : 0;
        }
        return 0;
    }

    private static Map<String, Map<?, ?>> kafkaTopicSpecs(String overlay) {
        Map<String, Map<?, ?>> specs = new LinkedHashMap<>();
        RENDERED.get(overlay).stream()
                .filter(o -> o instanceof GenericKubernetesResource && "KafkaTopic".equals(o.getKind()))
                .map(o -> (Map<?, ?>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec"))
                .forEach(spec -> specs.put((String) spec.get("topicName"), spec));
        return specs;
    }

    private static List<Workload> workloads(String overlay) {
        List<Workload> workloads = new ArrayList<>();
        of(overlay, Deployment.class).forEach(d -> workloads.add(new Workload(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec())));
        of(overlay, StatefulSet.class).forEach(s -> workloads.add(new Workload(s.getMetadata().getName(), s.getSpec().getTemplate().getSpec())));
        assertThat(workloads).as("workloads in %s", overlay).isNotEmpty();
        return workloads;
    }

    private static <T> List<T> of(String overlay, Class<T> type) {
        return RENDERED.get(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private record Workload(String name, PodSpec pod) {
    }
}
