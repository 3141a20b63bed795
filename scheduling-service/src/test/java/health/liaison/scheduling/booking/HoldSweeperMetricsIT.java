package health.liaison.scheduling.booking;

import health.liaison.platform.testing.AlertMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running service exposes what HoldSweeperNotRunning reads: the sweeper's last run, tagged by job only. */
class HoldSweeperMetricsIT extends SchedulingTestBase {

    @Test
    void theHoldSweepersLastRunIsExposedForItsAlert() {
        assertThat(AlertMetrics.exposedBy("scheduling-service")).containsExactly("liaison_job_last_success_seconds");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String exposition = api().get("/actuator/prometheus").send().body();
            assertThat(AlertMetrics.seriesIn(exposition)).containsAll(AlertMetrics.exposedBy("scheduling-service"));
            assertThat(exposition).containsPattern("liaison_job_last_success_seconds\\{job=\"hold-sweeper\",service=\"scheduling-service\"} [0-9.E]+");
        });
    }
}
