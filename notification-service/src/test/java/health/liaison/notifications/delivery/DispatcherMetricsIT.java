package health.liaison.notifications.delivery;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.platform.testing.AlertMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service exposes what ReminderDispatcherNotRunning reads (the dispatcher's last run); the delivery
 * outcomes MessageDeliveryFailures reads ({@code liaison_notifications_dispatch_total}) appear with the first message.
 */
class DispatcherMetricsIT extends ServiceUnderTest {

    @Test
    void theDispatchersLastRunIsExposedForItsAlert() {
        assertThat(AlertMetrics.exposedBy("notification-service"))
                .containsExactlyInAnyOrder("liaison_job_last_success_seconds", "liaison_notifications_dispatch_total");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api().get("/actuator/prometheus").send().body())
                .containsPattern("liaison_job_last_success_seconds\\{job=\"reminder-dispatcher\",service=\"notification-service\"} [0-9.E]+"));
    }
}
