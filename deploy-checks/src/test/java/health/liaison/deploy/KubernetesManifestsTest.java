package health.liaison.deploy;

import health.liaison.platform.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay with {@code kubectl kustomize}, reads it strictly against the Kubernetes and Strimzi models
 * ({@link StrictManifests}) and holds the result to Liaison's deployment rules ({@link ManifestRules}, generic over
 * every workload) and to the invariants below. A broken overlay fails the render or the parse; a manifest that
 * breaks a rule fails here ({@link ManifestRulesTest} shows each rule failing on a broken copy).
 */
class KubernetesManifestsTest {

    /** spring.lifecycle.timeout-per-shutdown-phase in every service (LiaisonDefaults). */
    static final long GRACEFUL_SHUTDOWN_SECONDS = 20;
    /** liaison.shutdown.drain of every service (ShutdownDrain in platform-starter), before the graceful shutdown. */
    static final long DRAIN_SECONDS = 5;

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(Repository.onPath("kubectl"),
                "kubectl is not installed, so the Kubernetes overlays cannot be rendered here (CI machines have it)");
    }

    static List<String> overlays() throws IOException {
        return Repository.overlays();
    }

    @Test
    void thereAreADevAndAProdOverlay() throws IOException {
        assertThat(Repository.overlays()).contains("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectParsesStrictlyAndKeepsEveryRule(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertThat(rendered.objects()).as("objects rendered from %s", overlay).isNotEmpty();
        assertThat(ManifestRules.all(rendered)).as("rule violations in %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasAService(String overlay) {
        List<Service> services = of(overlay, Service.class);
        for (Deployment deployment : of(overlay, Deployment.class)) {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(services).as("a Service selecting %s in %s", deployment.getMetadata().getName(), overlay)
                    .anyMatch(s -> s.getSpec().getSelector() != null && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()));
        }
    }

    @Test
    void inProductionEveryDeploymentRunsTwiceAndAutoscalesFromTwo() {
        List<HorizontalPodAutoscaler> autoscalers = of("prod", HorizontalPodAutoscaler.class);
        for (Deployment deployment : of("prod", Deployment.class)) {
            String name = deployment.getMetadata().getName();
            assertThat(deployment.getSpec().getReplicas()).as("replicas of %s", name).isGreaterThanOrEqualTo(2);
            assertThat(autoscalers).as("an HPA from 2 replicas for %s", name).anyMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(name)
                    && h.getSpec().getMinReplicas() >= 2);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheCodeDeclaresHasAKafkaTopic(String overlay) {
        Set<String> declared = of(overlay, KafkaTopic.class).stream().map(t -> t.getSpec().getTopicName()).collect(Collectors.toSet());
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
                // the console serves everything under its servlet context path, its probes too
                String base = deployment.getMetadata().getName().equals("console") ? "/console" : "";
                assertThat(container.getLivenessProbe().getHttpGet()).as("liveness probe of %s", where).isNotNull();
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness path of %s", where)
                        .isEqualTo(base + "/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).as("readiness path of %s", where)
                        .isEqualTo(base + "/actuator/health/readiness");
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
        Map<String, KafkaTopic> topics = kafkaTopics(overlay);
        for (String topic : Topics.domainTopics()) {
            KafkaTopic source = topics.get(topic);
            KafkaTopic deadLetters = topics.get(Topics.deadLetterOf(topic));
            assertThat(source).as("KafkaTopic %s in %s", topic, overlay).isNotNull();
            assertThat(deadLetters).as("KafkaTopic %s in %s", Topics.deadLetterOf(topic), overlay).isNotNull();
            assertThat(source.getSpec().getPartitions()).as("partitions of %s in %s", topic, overlay).isGreaterThanOrEqualTo(3);
            // the dead-letter recoverer publishes to the failed record's own partition number
            assertThat(deadLetters.getSpec().getPartitions()).as("partitions of %s in %s", Topics.deadLetterOf(topic), overlay)
                    .isEqualTo(source.getSpec().getPartitions());
        }
        // a topic either expires its records or is compacted to the latest per key (scheduling.location.v1: every clinic's definition)
        topics.forEach((name, topic) -> assertThat(topic.getSpec().getConfig() != null
                        && (topic.getSpec().getConfig().containsKey("retention.ms") || "compact".equals(topic.getSpec().getConfig().get("cleanup.policy"))))
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
        List<Map<?, ?>> selectors = RenderedOverlay.of("prod").generic("ServiceMonitor").stream()
                .<Map<?, ?>>map(o -> (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) o.getAdditionalProperties().get("spec")).get("selector")).get("matchLabels"))
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
        Map<?, ?> monitor = RenderedOverlay.of("prod").generic("ServiceMonitor").stream()
                .filter(o -> "gateway".equals(o.getMetadata().getName()))
                .map(o -> (Map<?, ?>) o.getAdditionalProperties().get("spec"))
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

    @Test
    void inProductionEveryProcessExportsTracesToTheCollectorAndMayReachIt() {
        ConfigMap platform = of("prod", ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().startsWith("liaison-platform")).findFirst().orElseThrow();
        String endpoint = platform.getData().get("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThat(endpoint).as("the OpenTelemetry Collector named in the prod ConfigMap").startsWith("http");
        int port = URI.create(endpoint).getPort();
        for (Deployment deployment : of("prod", Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getEnvFrom()).as("%s reads the platform ConfigMap", deployment.getMetadata().getName())
                    .anyMatch(from -> from.getConfigMapRef() != null
                            && from.getConfigMapRef().getName().equals(platform.getMetadata().getName()));
        }
        assertThat(of("prod", NetworkPolicy.class)).as("an egress rule to the collector's port")
                .anyMatch(policy -> policy.getSpec().getEgress() != null && policy.getSpec().getEgress().stream()
                        .anyMatch(rule -> rule.getPorts() != null && rule.getPorts().stream()
                                .anyMatch(p -> p.getPort() != null && p.getPort().getIntVal() != null && p.getPort().getIntVal() == port)));
        assertThat(of("dev", ConfigMap.class)).as("dev exports no traces unless asked")
                .noneMatch(map -> map.getData() != null && map.getData().containsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
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

    private static Map<String, KafkaTopic> kafkaTopics(String overlay) {
        Map<String, KafkaTopic> topics = new LinkedHashMap<>();
        of(overlay, KafkaTopic.class).forEach(t -> topics.put(t.getSpec().getTopicName(), t));
        return topics;
    }

    private static <T> List<T> of(String overlay, Class<T> type) {
        return RenderedOverlay.of(overlay).of(type);
    }
}
