package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The records service's complaints of one chart, as the console's complaints screen uses them. */
@Component
public class ComplaintsApi {

    private final RestClient gateway;

    ComplaintsApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Complaint(String id, String category, String description, String ownerId, LocalDate dueOn,
                            boolean overdue, String status, Instant openedAt, String openedBy, String resolution,
                            Instant resolvedAt, String resolvedBy) {
    }

    public List<Complaint> of(String patientId) {
        return gateway.get().uri("/api/records/v1/patients/{id}/complaints", patientId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    /** A new complaint; the service sets its due date from the category's service level. */
    public Complaint open(String patientId, String category, String description) {
        return gateway.post().uri("/api/records/v1/patients/{id}/complaints", patientId)
                .body(Map.of("category", category, "description", description)).retrieve().body(Complaint.class);
    }
}
