package health.liaison.platform.testing;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Liaison metrics the production alerts read ({@code k8s/components/monitoring/alerts.yaml}, a PrometheusRule),
 * for a test that starts the real application and checks its {@code /actuator/prometheus} exposes each: an alert
 * whose metric no process exposes would never fire. Each alert's {@code exposed_by} label names who exposes its
 * metrics ({@code platform} for every service built on the starter, or a process's name).
 */
public final class AlertMetrics {

    public static final Path RULES = Path.of("k8s/components/monitoring/alerts.yaml");
    private static final Pattern LIAISON_METRIC = Pattern.compile("\\bliaison_[a-z0-9_]+\\b");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s");

    private AlertMetrics() {
    }

    /** Every {@code liaison_*} series name the alerts exposed by {@code exposer} read (histogram suffixes included). */
    @SuppressWarnings("unchecked")
    public static Set<String> exposedBy(String exposer) {
        Map<String, Object> rule = new Yaml().load(read(locate()));
        Set<String> metrics = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
                Map<String, Object> labels = (Map<String, Object>) alert.getOrDefault("labels", Map.of());
                if (exposer.equals(labels.get("exposed_by"))) {
                    Matcher metric = LIAISON_METRIC.matcher(String.valueOf(alert.get("expr")));
                    while (metric.find()) {
                        metrics.add(metric.group());
                    }
                }
            }
        }
        return metrics;
    }

    /** The series names in a Prometheus text exposition ({@code /actuator/prometheus}). */
    public static Set<String> seriesIn(String exposition) {
        return SAMPLE.matcher(exposition).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(RULES))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No " + RULES + " above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve(RULES);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
