package health.liaison.gateway;

import health.liaison.platform.testing.AlertMetrics;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway exposes every metric its alerts read (the SLO burn rates per area, {@code exposed_by: gateway} in
 * k8s/components/monitoring/alerts.yaml), tagged by area and status class only: never the path, whose ids may name a
 * patient.
 */
class AreaMetricsIT extends GatewayITSupport {

    @Test
    void theSloAlertsMetricsAreExposedPerAreaWithoutPaths() {
        String patientPath = "/api/scheduling/v1/appointments/pat-" + UUID.randomUUID();
        assertThat(get(patientPath, freshUser("COORDINATOR").sign()).statusCode()).isLessThan(500);

        HttpResponse<String> scraped = management("/actuator/prometheus", null);
        assertThat(scraped.statusCode()).isEqualTo(200);
        Set<String> wanted = AlertMetrics.exposedBy("gateway");
        assertThat(wanted).contains("liaison_gateway_requests_seconds_count", "liaison_gateway_requests_seconds_bucket");
        assertThat(AlertMetrics.seriesIn(scraped.body())).containsAll(wanted);
        assertThat(scraped.body())
                .contains("liaison_gateway_requests_seconds_bucket{area=\"scheduling\"")
                .contains("le=\"1.0\"")
                .doesNotContain(patientPath.substring(patientPath.lastIndexOf('/') + 1));
    }
}
