package health.liaison.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rule of {@link ManifestRules} and {@link StrictManifests} fails on a broken copy of {@code k8s/}: one edit of
 * one file, the overlay rendered and read as CI does. The untouched copy keeps every rule (so each failure is the
 * edit's doing).
 */
class ManifestRulesTest {

    @TempDir
    Path copy;

    @BeforeAll
    static void kubectl() {
        Assumptions.assumeTrue(Repository.onPath("kubectl"),
                "kubectl is not installed, so the Kubernetes overlays cannot be rendered here (CI machines have it)");
    }

    @Test
    void anUntouchedCopyKeepsEveryRule() {
        copyK8s();
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).isEmpty();
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "dev"))).isEmpty();
    }

    @Test
    void anUnknownFieldOfADeploymentIsRefused() {
        copyK8s();
        edit("base/billing-service.yaml", "  revisionHistoryLimit: 3\n", "  revisionHistoryLimit: 3\n  maxReplicas: 4\n");
        assertThatThrownBy(() -> RenderedOverlay.render(copy, "dev"))
                .hasMessageContaining("apps/v1/Deployment billing-service: unknown field 'maxReplicas' at spec.maxReplicas");
    }

    @Test
    void aProbePlacedOnThePodInsteadOfTheContainerIsRefused() {
        copyK8s();
        edit("base/billing-service.yaml", "      terminationGracePeriodSeconds: 45\n",
                "      terminationGracePeriodSeconds: 45\n      readinessProbe: {httpGet: {path: /actuator/health/readiness, port: 8083}}\n");
        assertThatThrownBy(() -> RenderedOverlay.render(copy, "prod"))
                .hasMessageContaining("unknown field 'readinessProbe' at spec.template.spec.readinessProbe");
    }

    @Test
    void anUnknownFieldOfAStrimziResourceIsRefused() {
        copyK8s();
        edit("components/kafka-strimzi/kafka.yaml", "  topicName: billing.claim.v1\n  partitions: 3\n",
                "  topicName: billing.claim.v1\n  partitons: 3\n");
        assertThatThrownBy(() -> RenderedOverlay.render(copy, "prod"))
                .hasMessageContaining("kafka.strimzi.io/v1/KafkaTopic billing-claim-v1: unknown field 'partitons' at spec.partitons");
    }

    @Test
    void aStrimziApiVersionTheOperatorNoLongerServesIsRefused() {
        copyK8s();
        edit("components/kafka-strimzi/kafka.yaml", "apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool",
                "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaNodePool");
        assertThatThrownBy(() -> RenderedOverlay.render(copy, "prod"))
                .hasMessageContaining("kafka.strimzi.io/v1beta2/KafkaNodePool dual-role: apiVersion kafka.strimzi.io/v1beta2 is not served");
    }

    @Test
    void aMissingProbeFailsTheRules() {
        copyK8s();
        edit("base/billing-service.yaml", """
                        readinessProbe:
                          httpGet: {path: /actuator/health/readiness, port: http}
                          periodSeconds: 5
                          failureThreshold: 3
                """, "");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod")))
                .containsExactly("prod/Deployment/billing-service/billing-service has no readinessProbe");
    }

    @Test
    void aPlaintextKafkaListenerInProductionFailsTheRules() {
        copyK8s();
        edit("components/kafka-security/kustomization.yaml", "        authentication: {type: scram-sha-512}\n",
                "        authentication: {type: scram-sha-512}\n      - {name: plain, port: 9092, type: internal, tls: false}\n");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).containsExactlyInAnyOrder(
                "prod/Kafka/liaison-kafka listener 'plain' on port 9092 is plaintext (tls: false)",
                "prod/Kafka/liaison-kafka listener 'plain' does not authenticate clients");
    }

    @Test
    void anAclWiderThanTheServicesTopicsFailsTheRules() {
        copyK8s();
        edit("components/kafka-security/users.yaml",
                "    - {resource: {type: topic, name: billing.claim.v1, patternType: literal}, operations: [Write, Describe]}\n",
                "    - {resource: {type: topic, name: billing.claim.v1, patternType: literal}, operations: [Write, Describe]}\n"
                        + "    - {resource: {type: topic, name: scheduling.appointment.v1, patternType: literal}, operations: [Write]}\n"
                        + "    - {resource: {type: topic, name: records, patternType: prefix}, operations: [Read]}\n");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).containsExactly(
                "prod/KafkaUser/billing-service allows more than its code does: [Read topic:prefix:records, Write topic:scheduling.appointment.v1]");
    }

    @Test
    void aProcessWithoutItsOwnKafkaUserFailsTheRules() {
        copyK8s();
        edit("components/kafka-security/users.yaml", "  name: inventory-service\n", "  name: inventory\n");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod")))
                .anyMatch(v -> v.startsWith("prod/Deployment/inventory-service uses Kafka but has no KafkaUser; add:\n"))
                .contains("prod/KafkaUser/inventory belongs to no process that uses Kafka");
    }

    @Test
    void aLatestOrUnregisteredImageInProductionFailsTheRules() {
        copyK8s();
        edit("overlays/prod/kustomization.yaml", """
                - name: liaison/gateway
                  newName: registry.example.com/liaison/gateway
                  newTag: 0.1.0
                """, """
                - name: liaison/gateway
                  newTag: latest
                """);
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).containsExactlyInAnyOrder(
                "prod/Deployment/gateway/gateway runs liaison/gateway:latest, which is not pinned to a tag or digest (or is 'latest')",
                "prod/Deployment/gateway/gateway runs liaison/gateway:latest without naming its registry (registry.example.com/liaison/...)");
    }

    @Test
    void anImageSetOutsideTheOverlaysImagesFailsTheRules() {
        copyK8s();
        edit("overlays/prod/kustomization.yaml", """
                - name: liaison/inventory-service
                  newName: registry.example.com/liaison/inventory-service
                  newTag: 0.1.0
                """, "");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).containsExactlyInAnyOrder(
                "prod/Deployment/inventory-service/inventory-service runs liaison/inventory-service:0.1.0, which no entry of "
                        + "k8s/overlays/prod/kustomization.yaml images: sets (images are chosen there, in one place)",
                "prod/Deployment/inventory-service/inventory-service runs liaison/inventory-service:0.1.0 without naming its registry (registry.example.com/liaison/...)");
    }

    @Test
    void aNewDeploymentIsHeldToTheRulesWithNoChangeToThem() throws IOException {
        copyK8s();
        Files.writeString(copy.resolve("overlays/prod/extra.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: extra
                  labels: {app.kubernetes.io/name: extra, app.kubernetes.io/part-of: liaison}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app.kubernetes.io/name: extra}
                  template:
                    metadata:
                      labels: {app.kubernetes.io/name: extra}
                    spec:
                      containers:
                      - name: extra
                        image: registry.example.com/liaison/extra:1.0.0
                        volumeMounts: [{name: tmp, mountPath: /tmp}]
                      volumes: [{name: tmp, emptyDir: {}}]
                """);
        edit("overlays/prod/kustomization.yaml", "- ingress.yaml\n", "- ingress.yaml\n- extra.yaml\n");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).contains(
                "prod/Deployment/extra/extra has no livenessProbe",
                "prod/Deployment/extra/extra has no readinessProbe",
                "prod/Deployment/extra/extra does not request cpu and memory",
                "prod/Deployment/extra/extra has no memory limit",
                "prod/Deployment/extra/extra may run as root (runAsNonRoot is not true)",
                "prod/Deployment/extra/extra has a writable root filesystem",
                "prod/Deployment/extra/extra runs registry.example.com/liaison/extra:1.0.0, which no entry of "
                        + "k8s/overlays/prod/kustomization.yaml images: sets (images are chosen there, in one place)",
                "prod/Deployment/extra has no NetworkPolicy admitting traffic to its pods",
                "prod/Deployment/extra has no HorizontalPodAutoscaler",
                "prod/Deployment/extra has no PodDisruptionBudget");
    }

    @Test
    void aSecretNoExternalSecretProvidesFailsTheRules() {
        copyK8s();
        edit("overlays/prod/credentials/inventory-service.yaml", "name: liaison-mongodb-inventory-service, key: uri",
                "name: liaison-mongodb-inventory-service, key: password");
        edit("components/external-secrets/external-secrets.yaml", "  name: liaison-sms-provider\n", "  name: liaison-sms\n");
        edit("components/external-secrets/external-secrets.yaml", "  target: {name: liaison-sms-provider, creationPolicy: Owner}\n",
                "  target: {name: liaison-sms, creationPolicy: Owner}\n");
        assertThat(ManifestRules.all(RenderedOverlay.render(copy, "prod"))).containsExactlyInAnyOrder(
                "prod/Deployment/inventory-service reads keys [password] of Secret liaison-mongodb-inventory-service, which its ExternalSecret does not provide",
                "prod/Deployment/notification-service reads Secret liaison-sms-provider, which no ExternalSecret provides");
    }

    @Test
    void aReleaseOfOneServiceChangesOnlyThatDeploymentsImage() throws IOException, InterruptedException {
        copyK8s();
        RenderedOverlay before = RenderedOverlay.render(copy, "prod");
        Process release = new ProcessBuilder(copy.resolve("release").toString(), "billing-service", "1.4.2")
                .redirectErrorStream(true).start();
        String output = new String(release.getInputStream().readAllBytes());
        assertThat(release.waitFor()).as(output).isZero();
        RenderedOverlay after = RenderedOverlay.render(copy, "prod");
        assertThat(ManifestRules.all(after)).isEmpty();

        assertThat(after.objects()).hasSameSizeAs(before.objects());
        for (int i = 0; i < before.objects().size(); i++) {
            var was = before.objects().get(i);
            var is = after.objects().get(i);
            String name = was.getKind() + "/" + was.getMetadata().getName();
            if (name.equals("Deployment/billing-service")) {
                Deployment released = (Deployment) is;
                assertThat(released.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                        .isEqualTo("registry.example.com/liaison/billing-service:1.4.2");
                released.getSpec().getTemplate().getSpec().getContainers().getFirst()
                        .setImage(((Deployment) was).getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
            }
            assertThat(is).as("%s after releasing billing-service", name).isEqualTo(was);
        }
    }

    @Test
    void aReleaseRefusesLatest() throws IOException, InterruptedException {
        copyK8s();
        Process release = new ProcessBuilder(copy.resolve("release").toString(), "billing-service", "latest").redirectErrorStream(true).start();
        assertThat(new String(release.getInputStream().readAllBytes())).contains("not a pinned image tag");
        assertThat(release.waitFor()).isNotZero();
    }

    private void copyK8s() {
        Path source = Repository.ROOT.resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of {@code from} (which must be there: the test would prove nothing otherwise). */
    private void edit(String file, String from, String to) {
        try {
            Path path = copy.resolve(file);
            String content = Files.readString(path);
            assertThat(content).as("the text the broken copy changes in %s", file).contains(from);
            int at = content.indexOf(from);
            Files.writeString(path, content.substring(0, at) + to + content.substring(at + from.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
