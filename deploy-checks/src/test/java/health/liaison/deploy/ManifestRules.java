package health.liaison.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Liaison's deployment rules, generic over every workload of a rendered overlay, so a process added later is held to
 * them with no change here. Each rule answers its violations as sentences naming the object; none is an empty list.
 */
final class ManifestRules {

    static final String LIAISON_IMAGE_PREFIX = "liaison/";
    static final String PART_OF = "app.kubernetes.io/part-of";

    private ManifestRules() {
    }

    static List<String> all(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        violations.addAll(containers(overlay));
        violations.addAll(images(overlay));
        violations.addAll(networkPolicies(overlay));
        violations.addAll(autoscalersAndBudgets(overlay));
        if (overlay.production()) {
            violations.addAll(kafkaTransport(overlay));
            violations.addAll(kafkaUsers(overlay));
            violations.addAll(ownCredentials(overlay));
            violations.addAll(secretsFromTheStore(overlay));
        }
        return violations;
    }

    /** Probes, requests and limits, non-root, read-only root, no privilege escalation, every capability dropped. */
    static List<String> containers(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            PodSecurityContext pod = workload.pod().getSecurityContext();
            for (Container container : workload.pod().getContainers()) {
                String where = workload.where(overlay.name()) + "/" + container.getName();
                if (container.getLivenessProbe() == null) {
                    violations.add(where + " has no livenessProbe");
                }
                if (container.getReadinessProbe() == null) {
                    violations.add(where + " has no readinessProbe");
                }
                var resources = container.getResources();
                if (resources == null || resources.getRequests() == null || !resources.getRequests().keySet().containsAll(List.of("cpu", "memory"))) {
                    violations.add(where + " does not request cpu and memory");
                }
                if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey("memory")) {
                    violations.add(where + " has no memory limit");
                }
                SecurityContext security = container.getSecurityContext();
                Boolean nonRoot = security != null && security.getRunAsNonRoot() != null ? security.getRunAsNonRoot()
                        : pod == null ? null : pod.getRunAsNonRoot();
                if (!Boolean.TRUE.equals(nonRoot)) {
                    violations.add(where + " may run as root (runAsNonRoot is not true)");
                }
                if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                    violations.add(where + " has a writable root filesystem");
                }
                if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                    violations.add(where + " allows privilege escalation");
                }
                if (security == null || security.getCapabilities() == null || security.getCapabilities().getDrop() == null
                        || !security.getCapabilities().getDrop().contains("ALL")) {
                    violations.add(where + " does not drop ALL capabilities");
                }
            }
        }
        if (overlay.workloads().isEmpty()) {
            violations.add(overlay.name() + " renders no workload");
        }
        return violations;
    }

    /**
     * Images come by tag (or digest) from one place, the overlay's {@code images:}: every Liaison image, and in
     * production every image, is exactly what an {@code images:} entry makes of it; production images name their
     * registry; no image is {@code latest} or untagged.
     */
    static List<String> images(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        Map<String, String> images = overlay.images();
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            List<Container> containers = new ArrayList<>(workload.pod().getContainers());
            if (workload.pod().getInitContainers() != null) {
                containers.addAll(workload.pod().getInitContainers());
            }
            for (Container container : containers) {
                String image = container.getImage();
                String where = workload.where(overlay.name()) + "/" + container.getName();
                String lastSegment = image.substring(image.lastIndexOf('/') + 1);
                String tag = image.contains("@") ? "digest" : lastSegment.contains(":") ? lastSegment.substring(lastSegment.indexOf(':') + 1) : "";
                if (tag.isBlank() || tag.equals("latest")) {
                    violations.add(where + " runs " + image + ", which is not pinned to a tag or digest (or is 'latest')");
                }
                boolean liaison = image.startsWith(LIAISON_IMAGE_PREFIX) || image.contains("/" + LIAISON_IMAGE_PREFIX);
                if ((liaison || overlay.production()) && !images.containsValue(image)) {
                    violations.add(where + " runs " + image + ", which no entry of k8s/overlays/" + overlay.name()
                            + "/kustomization.yaml images: sets (images are chosen there, in one place)");
                }
                if (overlay.production() && !hasRegistry(image)) {
                    violations.add(where + " runs " + image + " without naming its registry (registry.example.com/liaison/...)");
                }
            }
        }
        return violations;
    }

    static boolean hasRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String host = image.substring(0, slash);
        return host.contains(".") || host.contains(":") || host.equals("localhost");
    }

    /** A default-deny policy, and for every pod a policy that admits traffic to it (nothing reaches a pod otherwise). */
    static List<String> networkPolicies(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        List<NetworkPolicy> policies = overlay.of(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> (p.getSpec().getPodSelector().getMatchLabels() == null
                || p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                && (p.getSpec().getPodSelector().getMatchExpressions() == null || p.getSpec().getPodSelector().getMatchExpressions().isEmpty())
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
        if (!defaultDeny) {
            violations.add(overlay.name() + " has no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rule)");
        }
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            Map<String, String> labels = workload.labels();
            boolean admitted = policies.stream().anyMatch(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty()
                    && p.getSpec().getPodSelector().getMatchLabels() != null && !p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                    && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()));
            if (!admitted) {
                violations.add(workload.where(overlay.name()) + " has no NetworkPolicy admitting traffic to its pods");
            }
        }
        return violations;
    }

    /** In production every Deployment, elsewhere every Liaison Deployment, has an HPA and a PDB. */
    static List<String> autoscalersAndBudgets(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        List<HorizontalPodAutoscaler> autoscalers = overlay.of(HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> budgets = overlay.of(PodDisruptionBudget.class);
        for (Deployment deployment : overlay.of(Deployment.class)) {
            Map<String, String> own = deployment.getMetadata().getLabels() == null ? Map.of() : deployment.getMetadata().getLabels();
            if (!overlay.production() && !"liaison".equals(own.get(PART_OF))) {
                continue;
            }
            String name = deployment.getMetadata().getName();
            String where = overlay.name() + "/Deployment/" + name;
            if (autoscalers.stream().noneMatch(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                    && name.equals(h.getSpec().getScaleTargetRef().getName()))) {
                violations.add(where + " has no HorizontalPodAutoscaler");
            }
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            if (budgets.stream().noneMatch(b -> b.getSpec().getSelector() != null && b.getSpec().getSelector().getMatchLabels() != null
                    && labels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()))) {
                violations.add(where + " has no PodDisruptionBudget");
            }
        }
        return violations;
    }

    /** Production Kafka: every listener TLS with client authentication, and ACLs enforced. */
    static List<String> kafkaTransport(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        List<Kafka> clusters = overlay.of(Kafka.class);
        if (clusters.isEmpty()) {
            violations.add(overlay.name() + " has no Kafka");
        }
        for (Kafka kafka : clusters) {
            String where = overlay.name() + "/Kafka/" + kafka.getMetadata().getName();
            for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
                if (!listener.isTls()) {
                    violations.add(where + " listener '" + listener.getName() + "' on port " + listener.getPort() + " is plaintext (tls: false)");
                }
                if (listener.getAuth() == null) {
                    violations.add(where + " listener '" + listener.getName() + "' does not authenticate clients");
                }
            }
            if (!(kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple)) {
                violations.add(where + " does not enforce ACLs (spec.kafka.authorization.type: simple)");
            }
            if (kafka.getSpec().getEntityOperator() == null || kafka.getSpec().getEntityOperator().getUserOperator() == null) {
                violations.add(where + " has no user operator, so no KafkaUser would be given credentials");
            }
        }
        return violations;
    }

    /**
     * Production: every process whose code uses Kafka has a {@code KafkaUser} of its own name (SCRAM-SHA-512 or TLS
     * client authentication) whose ACLs are exactly what its code does ({@link KafkaAccess}): Write and Describe on
     * the topics it publishes and the dead letters of the topics it reads, Read and Describe on the topics it reads,
     * Read on each of its consumer groups, all literal; nothing else, and no user without a process.
     */
    static List<String> kafkaUsers(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        Map<String, KafkaUser> users = new TreeMap<>();
        overlay.of(KafkaUser.class).forEach(u -> users.put(u.getMetadata().getName(), u));
        Set<String> processes = new TreeSet<>();
        for (Deployment deployment : overlay.of(Deployment.class)) {
            String service = deployment.getMetadata().getName();
            if (!KafkaAccess.hasModule(service)) {
                continue;
            }
            KafkaAccess access = KafkaAccess.of(service);
            if (!access.usesKafka()) {
                continue;
            }
            processes.add(service);
            KafkaUser user = users.get(service);
            String where = overlay.name() + "/KafkaUser/" + service;
            if (user == null) {
                violations.add(overlay.name() + "/Deployment/" + service + " uses Kafka but has no KafkaUser; add:\n" + expectedUser(access));
                continue;
            }
            if (!(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication)
                    && !(user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication)) {
                violations.add(where + " does not authenticate with SCRAM-SHA-512 or a TLS client certificate");
            }
            if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
                violations.add(where + " has no simple authorization (ACLs)");
                continue;
            }
            SortedSet<String> granted = new TreeSet<>();
            for (AclRule rule : simple.getAcls()) {
                String host = rule.getHost() == null ? "*" : rule.getHost();
                if (rule.getType() == AclRuleType.DENY) {
                    continue;
                }
                for (StrimziAclOperation operation : rule.getOperations()) {
                    granted.add(describe(rule, operation, host));
                }
            }
            SortedSet<String> expected = expectedGrants(access);
            SortedSet<String> wider = new TreeSet<>(granted);
            wider.removeAll(expected);
            SortedSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(granted);
            if (!wider.isEmpty()) {
                violations.add(where + " allows more than its code does: " + wider);
            }
            if (!missing.isEmpty()) {
                violations.add(where + " lacks what its code needs: " + missing + "; the ACLs should read:\n" + expectedUser(access));
            }
        }
        users.keySet().stream().filter(u -> !processes.contains(u))
                .forEach(u -> violations.add(overlay.name() + "/KafkaUser/" + u + " belongs to no process that uses Kafka"));
        return violations;
    }

    /**
     * Production: each Liaison process reaches MongoDB with its own user (the URI from Secret
     * {@code liaison-mongodb-<process>}) and Kafka with its own KafkaUser's credentials (the Secret Strimzi writes under
     * the user's name), and its pods may reach Kafka's TLS listener port and not a plaintext one.
     */
    static List<String> ownCredentials(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        Set<Integer> tlsPorts = new TreeSet<>();
        overlay.of(Kafka.class).forEach(k -> k.getSpec().getKafka().getListeners().stream().filter(GenericKafkaListener::isTls)
                .forEach(l -> tlsPorts.add(l.getPort())));
        for (Deployment deployment : overlay.of(Deployment.class)) {
            String service = deployment.getMetadata().getName();
            if (!KafkaAccess.hasModule(service)) {
                continue;
            }
            String where = overlay.name() + "/Deployment/" + service;
            Map<String, String> secretOf = new TreeMap<>();
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(env -> {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    secretOf.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName());
                }
            });
            secretOf.forEach((variable, secret) -> {
                if (variable.endsWith("MONGODB_URI") && !secret.equals("liaison-mongodb-" + service)) {
                    violations.add(where + " reads " + variable + " from Secret " + secret + ", not its own liaison-mongodb-" + service);
                }
            });
            if (KafkaAccess.of(service).usesKafka() && !service.equals(secretOf.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))) {
                violations.add(where + " does not take SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG from its KafkaUser's Secret " + service);
            }
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            List<Integer> egressPorts = overlay.of(NetworkPolicy.class).stream()
                    .filter(p -> p.getSpec().getEgress() != null && p.getSpec().getPodSelector().getMatchLabels() != null
                            && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .flatMap(rule -> rule.getPorts() == null ? Stream.empty() : rule.getPorts().stream())
                    .filter(port -> port.getPort() != null && port.getPort().getIntVal() != null)
                    .map(port -> port.getPort().getIntVal()).toList();
            if (KafkaAccess.of(service).usesKafka() && tlsPorts.stream().noneMatch(egressPorts::contains)) {
                violations.add(where + " may not reach Kafka's TLS listener " + tlsPorts + " (egress ports " + egressPorts + ")");
            }
            if (egressPorts.contains(9092)) {
                violations.add(where + " may still reach Kafka's plaintext port 9092");
            }
        }
        return violations;
    }

    /** The fields of an External Secrets Operator {@code ExternalSecret} (external-secrets.io/v1) Liaison uses. */
    static final Set<String> EXTERNAL_SECRET_SPEC = Set.of("refreshInterval", "secretStoreRef", "target", "data");

    /**
     * Production: every Secret a workload reads (env, envFrom, volumes), and every key of it, is written by an
     * {@code ExternalSecret} from the configured store, by Strimzi (a KafkaUser's Secret, the cluster CA) or by
     * cert-manager (an Ingress's TLS secret); each ExternalSecret is well formed (known fields, a store, a target, a
     * remote key per entry).
     */
    @SuppressWarnings("unchecked")
    static List<String> secretsFromTheStore(RenderedOverlay overlay) {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> provided = new TreeMap<>();
        for (var external : overlay.generic("ExternalSecret")) {
            String where = overlay.name() + "/ExternalSecret/" + external.getMetadata().getName();
            Map<String, Object> spec = (Map<String, Object>) external.getAdditionalProperties().get("spec");
            if (spec == null || !EXTERNAL_SECRET_SPEC.containsAll(spec.keySet())) {
                violations.add(where + " has fields an ExternalSecret does not: " + (spec == null ? "no spec" : spec.keySet()));
                continue;
            }
            Map<String, Object> store = (Map<String, Object>) spec.get("secretStoreRef");
            if (store == null || !Set.of("ClusterSecretStore", "SecretStore").contains(store.get("kind")) || store.get("name") == null) {
                violations.add(where + " names no ClusterSecretStore/SecretStore");
            }
            Map<String, Object> target = (Map<String, Object>) spec.getOrDefault("target", Map.of());
            String secret = (String) target.getOrDefault("name", external.getMetadata().getName());
            Set<String> keys = provided.computeIfAbsent(secret, k -> new TreeSet<>());
            for (Map<String, Object> entry : (List<Map<String, Object>>) spec.getOrDefault("data", List.of())) {
                Map<String, Object> remote = (Map<String, Object>) entry.get("remoteRef");
                if (entry.get("secretKey") == null || remote == null || remote.get("key") == null) {
                    violations.add(where + " has a data entry without secretKey and remoteRef.key: " + entry);
                } else {
                    keys.add((String) entry.get("secretKey"));
                }
            }
        }
        Set<String> operatorManaged = new TreeSet<>();
        overlay.of(KafkaUser.class).forEach(u -> operatorManaged.add(u.getMetadata().getName()));
        overlay.of(Kafka.class).forEach(k -> operatorManaged.add(k.getMetadata().getName() + "-cluster-ca-cert"));
        overlay.of(Ingress.class).forEach(i -> i.getSpec().getTls()
                .forEach(t -> operatorManaged.add(t.getSecretName())));
        for (RenderedOverlay.Workload workload : overlay.workloads()) {
            Map<String, Set<String>> read = new TreeMap<>();
            for (Container container : workload.pod().getContainers()) {
                if (container.getEnv() != null) {
                    container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> read.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(), k -> new TreeSet<>())
                                    .add(e.getValueFrom().getSecretKeyRef().getKey()));
                }
                if (container.getEnvFrom() != null) {
                    container.getEnvFrom().stream().filter(e -> e.getSecretRef() != null)
                            .forEach(e -> read.computeIfAbsent(e.getSecretRef().getName(), k -> new TreeSet<>()));
                }
            }
            if (workload.pod().getVolumes() != null) {
                workload.pod().getVolumes().stream().filter(v -> v.getSecret() != null)
                        .forEach(v -> read.computeIfAbsent(v.getSecret().getSecretName(), k -> new TreeSet<>()));
            }
            read.forEach((secret, keys) -> {
                if (operatorManaged.contains(secret)) {
                    return;
                }
                if (!provided.containsKey(secret)) {
                    violations.add(workload.where(overlay.name()) + " reads Secret " + secret + ", which no ExternalSecret provides");
                } else if (!provided.get(secret).containsAll(keys)) {
                    Set<String> missing = new TreeSet<>(keys);
                    missing.removeAll(provided.get(secret));
                    violations.add(workload.where(overlay.name()) + " reads keys " + missing + " of Secret " + secret
                            + ", which its ExternalSecret does not provide");
                }
            });
        }
        return violations;
    }

    private static String describe(AclRule rule, StrimziAclOperation operation, String host) {
        String resource;
        if (rule.getResource() instanceof AclRuleTopicResource topic) {
            resource = "topic:" + pattern(topic.getPatternType()) + topic.getName();
        } else if (rule.getResource() instanceof AclRuleGroupResource group) {
            resource = "group:" + pattern(group.getPatternType()) + group.getName();
        } else {
            resource = Objects.toString(rule.getResource().getType());
        }
        return operation.toValue() + " " + resource + (host.equals("*") ? "" : " from " + host);
    }

    private static String pattern(AclResourcePatternType type) {
        return type == null || type == AclResourcePatternType.LITERAL ? "" : "prefix:";
    }

    static SortedSet<String> expectedGrants(KafkaAccess access) {
        SortedSet<String> grants = new TreeSet<>();
        Function<String, String> topic = t -> "topic:" + t;
        access.written().forEach(t -> {
            grants.add("Write " + topic.apply(t));
            grants.add("Describe " + topic.apply(t));
        });
        access.read().forEach(t -> {
            grants.add("Read " + topic.apply(t));
            grants.add("Describe " + topic.apply(t));
        });
        access.groups().forEach(g -> grants.add("Read group:" + g));
        return grants;
    }

    /** The KafkaUser a process needs, as YAML to paste into the kafka-security component. */
    static String expectedUser(KafkaAccess access) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("---\napiVersion: ").append(StrictManifests.STRIMZI_API_VERSION).append("\nkind: KafkaUser\nmetadata:\n  name: ")
                .append(access.service()).append("\n  labels: {strimzi.io/cluster: liaison-kafka}\nspec:\n")
                .append("  authentication: {type: scram-sha-512}\n  authorization:\n    type: simple\n    acls:\n");
        access.written().forEach(t -> yaml.append("    - {resource: {type: topic, name: ").append(t)
                .append(", patternType: literal}, operations: [Write, Describe]}\n"));
        access.read().forEach(t -> yaml.append("    - {resource: {type: topic, name: ").append(t)
                .append(", patternType: literal}, operations: [Read, Describe]}\n"));
        access.groups().forEach(g -> yaml.append("    - {resource: {type: group, name: ").append(g)
                .append(", patternType: literal}, operations: [Read]}\n"));
        return yaml.toString();
    }
}
