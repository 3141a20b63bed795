package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.List;

/** The records service's audit trail about one chart, as the console shows it; the service lets only administrators read it. */
@Component
public class ChartAuditApi {

    private static final int ENTRIES_SHOWN = 200;
    private final RestClient gateway;

    ChartAuditApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Entry(long sequence, Instant at, String userId, String roles, String patientId, String action,
                        String outcome, String detail) {
    }

    /** Who opened the chart and what they did, newest first. */
    public List<Entry> of(String patientId) {
        return gateway.get().uri(uri -> uri.path("/api/records/v1/audit").queryParam("patientId", patientId)
                        .queryParam("limit", ENTRIES_SHOWN).build())
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }
}
