package health.liaison.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One overlay rendered by {@code kubectl kustomize} and read strictly ({@link StrictManifests}), with the overlay's own
 * kustomization (its {@code images:}) beside it. {@link #of(String)} renders the repository's overlays once per JVM;
 * {@link #render(Path, String)} renders another tree (the broken copies of the rule tests).
 */
record RenderedOverlay(String name, Path k8s, List<HasMetadata> objects) {

    private static final Map<String, RenderedOverlay> REPOSITORY = new ConcurrentHashMap<>();
    /** Where the rendered overlays are kept for a look after the run (the same place validate.sh writes them). */
    static final Path RENDERED_DIR = Repository.ROOT.resolve("deploy-checks/target/rendered");

    static RenderedOverlay of(String overlay) {
        return REPOSITORY.computeIfAbsent(overlay, o -> {
            RenderedOverlay rendered = render(Repository.ROOT.resolve("k8s"), o);
            try {
                Files.createDirectories(RENDERED_DIR);
                Files.writeString(RENDERED_DIR.resolve(o + ".yaml"), Repository.run("kubectl", "kustomize", "k8s/overlays/" + o));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rendered;
        });
    }

    static RenderedOverlay render(Path k8s, String overlay) {
        String yaml = Repository.run("kubectl", "kustomize", k8s.resolve("overlays").resolve(overlay).toString());
        return new RenderedOverlay(overlay, k8s, StrictManifests.parse(yaml));
    }

    boolean production() {
        return name.equals("prod");
    }

    <T> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Objects of an operator's kind read structurally (ServiceMonitor, PrometheusRule, ExternalSecret, ...). */
    List<GenericKubernetesResource> generic(String kind) {
        return objects.stream().filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind()))
                .map(GenericKubernetesResource.class::cast).toList();
    }

    Optional<HasMetadata> find(String kind, String name) {
        return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).findFirst();
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        of(Deployment.class).forEach(d -> workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getTemplate())));
        of(StatefulSet.class).forEach(s -> workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getTemplate())));
        return workloads;
    }

    /** The overlay's {@code images:} entries: image name → what it becomes (newName or name, then newTag or digest). */
    @SuppressWarnings("unchecked")
    Map<String, String> images() {
        try {
            Map<String, Object> kustomization = new Yaml().load(Files.readString(k8s.resolve("overlays").resolve(name).resolve("kustomization.yaml")));
            Map<String, String> images = new LinkedHashMap<>();
            for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.getOrDefault("images", List.of())) {
                String name = (String) image.get("name");
                String newName = (String) image.getOrDefault("newName", name);
                String reference = image.containsKey("digest") ? newName + "@" + image.get("digest")
                        : image.containsKey("newTag") ? newName + ":" + image.get("newTag") : newName;
                images.put(name, reference);
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Workload(String kind, String name, PodTemplateSpec template) {
        PodSpec pod() {
            return template.getSpec();
        }

        Map<String, String> labels() {
            return template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels();
        }

        String where(String overlay) {
            return overlay + "/" + kind + "/" + name;
        }
    }
}
