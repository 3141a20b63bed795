package health.liaison.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rendered manifests strictly: every object of a kind Kubernetes or Strimzi models is bound to its Java model
 * (fabric8's Kubernetes model, Strimzi's {@code io.strimzi:api}) by a Jackson mapper that fails on an unknown field.
 * Both models normally keep unknown fields in an {@code additionalProperties} map; here that any-setter is taken away,
 * so a misspelt or misplaced field ({@code livenesProbe}, a probe under the pod instead of the container) is an error
 * naming the object and the field's path. Kinds without a model here (operator CRDs: ServiceMonitor, PrometheusRule,
 * ExternalSecret, ...) must be listed in {@link #STRUCTURAL} and are held to their shape by their own checks.
 */
final class StrictManifests {

    /** Strimzi 1.x serves {@code kafka.strimzi.io/v1} only ({@code v1beta2} was removed); the model says which it knows. */
    static final String STRIMZI_API_VERSION = Kafka.RESOURCE_GROUP + "/v1";

    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    /** apiVersion/kind read as generic objects; their structure is checked by the tests that use them. */
    static final Set<String> STRUCTURAL = Set.of(
            "monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule",
            "external-secrets.io/v1/ExternalSecret",
            "external-secrets.io/v1/ClusterSecretStore");

    private static final KubernetesSerialization REGISTRY = new KubernetesSerialization();
    private static final ObjectMapper STRICT = strictMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private StrictManifests() {
    }

    /** Every object of a multi-document YAML stream; an unknown kind, apiVersion or field fails with where it is. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = YAML.readTree(document);
            } catch (IOException e) {
                errors.add("not YAML: " + e.getMessage());
                continue;
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue;
            }
            String apiVersion = node.path("apiVersion").asText();
            String kind = node.path("kind").asText();
            String name = apiVersion + "/" + kind + " " + node.path("metadata").path("name").asText();
            try {
                objects.add(bind(node, apiVersion, kind));
            } catch (UnrecognizedPropertyException e) {
                errors.add(name + ": unknown field '" + e.getPropertyName() + "' at " + path(e));
            } catch (IOException | IllegalArgumentException e) {
                errors.add(name + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("manifests that the Kubernetes/Strimzi API would refuse:\n  " + String.join("\n  ", errors));
        }
        return objects;
    }

    private static HasMetadata bind(JsonNode node, String apiVersion, String kind) throws IOException {
        if (apiVersion.startsWith(Kafka.RESOURCE_GROUP + "/")) {
            Class<? extends HasMetadata> type = STRIMZI.get(kind);
            if (type == null) {
                throw new IllegalArgumentException("no Strimzi kind " + kind + " is used by Liaison");
            }
            if (!apiVersion.equals(STRIMZI_API_VERSION) || !Kafka.VERSIONS.contains(apiVersion.substring(apiVersion.indexOf('/') + 1))) {
                throw new IllegalArgumentException("apiVersion " + apiVersion + " is not served by Strimzi " + Kafka.VERSIONS
                        + "; use " + STRIMZI_API_VERSION);
            }
            return STRICT.treeToValue(node, type);
        }
        if (STRUCTURAL.contains(apiVersion + "/" + kind)) {
            return STRICT.treeToValue(node, GenericKubernetesResource.class);
        }
        Class<? extends KubernetesResource> type = REGISTRY.getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("unknown apiVersion/kind " + apiVersion + "/" + kind
                    + " (neither the Kubernetes API nor Strimzi; an operator's CRD must be listed in StrictManifests.STRUCTURAL)");
        }
        return (HasMetadata) STRICT.treeToValue(node, type);
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]"));
        return path.isEmpty() ? "(top)" : path.substring(path.charAt(0) == '.' ? 1 : 0);
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noAnySetter = new SimpleModule("liaison-strict");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                if (!GenericKubernetesResource.class.isAssignableFrom(description.getBeanClass())) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                }
                return builder;
            }
        });
        return new ObjectMapper()
                .registerModule(noAnySetter)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }
}
