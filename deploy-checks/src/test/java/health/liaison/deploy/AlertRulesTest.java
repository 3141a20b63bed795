package health.liaison.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production PrometheusRule: promtool (Debian's {@code prometheus} package; .ci/run installs it) accepts every
 * group and expression; every alert has its runbook with the three sections, names who exposes its metrics, and each
 * Liaison metric it reads is registered by that process's code (the running applications' ITs read
 * {@code /actuator/prometheus} for the same list: platform-starter AlertMetricsIT, gateway AreaMetricsIT); the Grafana
 * dashboard charts every one of them.
 */
class AlertRulesTest {

    static final Set<String> EXTERNAL_EXPOSERS = Set.of("kube-state-metrics", "cert-manager");
    static final Pattern LIAISON_METRIC = Pattern.compile("\\bliaison_[a-z0-9_]+\\b");

    @TempDir
    Path temp;

    @BeforeAll
    static void kubectl() {
        Assumptions.assumeTrue(Repository.onPath("kubectl"), "kubectl is not installed, so the overlays cannot be rendered here");
    }

    static List<Map<String, Object>> alerts() {
        List<GenericKubernetesResource> rules = RenderedOverlay.of("prod").generic("PrometheusRule");
        assertThat(rules).as("a PrometheusRule in prod").hasSize(1);
        return alertsOf(rules.getFirst().getAdditionalProperties());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertsOf(Map<String, Object> rule) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            alerts.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return alerts;
    }

    @Test
    void promtoolAcceptsTheRules() throws IOException {
        Assumptions.assumeTrue(Repository.onPath("promtool"), "promtool is not installed (apt-get install prometheus; .ci/run does)");
        promtool(Repository.ROOT.resolve("k8s/components/monitoring/alerts.yaml"));
    }

    @Test
    void promtoolRefusesABrokenExpression() throws IOException {
        Assumptions.assumeTrue(Repository.onPath("promtool"), "promtool is not installed (apt-get install prometheus; .ci/run does)");
        Path broken = temp.resolve("alerts.yaml");
        Files.writeString(broken, Files.readString(Repository.ROOT.resolve("k8s/components/monitoring/alerts.yaml"))
                .replace("max by (group) (liaison_kafka_consumer_members) == 0", "max by (group) (liaison_kafka_consumer_members == 0"));
        assertThatThrownBy(() -> promtool(broken)).hasMessageContaining("ConsumerGroupWithoutMembers");
    }

    @Test
    void everyAlertHasARunbookAndSaysWhoExposesItsMetrics() throws IOException {
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).extracting(a -> a.get("alert")).contains("OutboxBacklog", "DeadLetterTopicReceiving", "ConsumerLagHigh",
                "ConsumerGroupWithoutMembers", "MessageDeliveryFailures", "HoldSweeperNotRunning", "ReminderDispatcherNotRunning",
                "GatewayErrorBudgetBurn", "GatewayLatencyBudgetBurn", "CertificateExpiringSoon", "PodRestarting");
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            Map<?, ?> annotations = (Map<?, ?>) alert.get("annotations");
            assertThat(annotations.get("runbook_url")).as("runbook of %s", name).isEqualTo("docs/runbooks/" + name + ".md");
            Path runbook = Repository.ROOT.resolve("docs/runbooks/" + name + ".md");
            assertThat(runbook).as("runbook of %s", name).isRegularFile();
            assertThat(Files.readString(runbook)).as("runbook of %s", name)
                    .contains("# " + name, "## What it means", "## How to look", "## How to fix");
            Object exposer = ((Map<?, ?>) alert.get("labels")).get("exposed_by");
            assertThat(exposer).as("exposed_by of %s", name).isNotNull();
            boolean external = EXTERNAL_EXPOSERS.contains(exposer);
            assertThat(external || exposer.equals("platform") || KafkaAccess.hasModule((String) exposer))
                    .as("exposed_by %s of %s: a Liaison module, 'platform' or one of %s", exposer, name, EXTERNAL_EXPOSERS).isTrue();
            assertThat(metricsOf(alert)).as("Liaison metrics read by %s", name).matches(m -> external == m.isEmpty());
        }
    }

    @Test
    void everyLiaisonMetricAnAlertReadsIsRegisteredByTheCodeOfWhoExposesIt() throws IOException {
        String platform = sources(Repository.ROOT.resolve("platform/platform-starter/src/main/java"));
        for (Map<String, Object> alert : alerts()) {
            Object exposer = ((Map<?, ?>) alert.get("labels")).get("exposed_by");
            if (EXTERNAL_EXPOSERS.contains(exposer)) {
                continue;
            }
            String code = exposer.equals("platform") ? platform : platform + sources(Repository.ROOT.resolve(exposer + "/src/main/java"));
            for (String metric : metricsOf(alert)) {
                assertThat(code).as("the Micrometer meter behind %s (%s), in the code of %s", metric, alert.get("alert"), exposer)
                        .contains("\"" + meterName(metric) + "\"");
            }
        }
    }

    @Test
    void theDashboardChartsEveryMetricTheAlertsRead() throws IOException {
        String dashboard = Files.readString(Repository.ROOT.resolve("observability/grafana/dashboards/liaison-overview.json"));
        Set<String> names = new TreeSet<>();
        alerts().forEach(alert -> metricsOf(alert).forEach(m -> names.add(m.replaceAll("_(count|bucket|sum)$", ""))));
        for (String metric : names) {
            assertThat(dashboard).as("a panel of the Liaison overview dashboard reading %s", metric).contains(metric);
        }
    }

    /** Micrometer's name of a Prometheus series: no {@code _total}, unit or histogram suffix, dots for underscores. */
    static String meterName(String series) {
        return series.replaceAll("_(count|bucket|sum)$", "").replaceAll("_total$", "").replaceAll("_seconds$", "").replace('_', '.');
    }

    static Set<String> metricsOf(Map<String, Object> alert) {
        Set<String> metrics = new TreeSet<>();
        Matcher matcher = LIAISON_METRIC.matcher(String.valueOf(alert.get("expr")));
        while (matcher.find()) {
            metrics.add(matcher.group());
        }
        return metrics;
    }

    private void promtool(Path prometheusRule) throws IOException {
        Map<String, Object> rule = new Yaml().load(Files.readString(prometheusRule));
        Path groups = temp.resolve("groups-" + System.nanoTime() + ".yaml");
        Files.writeString(groups, new Yaml().dump(rule.get("spec")));
        Repository.run("promtool", "check", "rules", groups.toString());
    }

    private static String sources(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
