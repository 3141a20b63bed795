package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The records service's inquiries and follow-up tasks, as the console's work queue uses them. */
@Component
public class FollowUpApi {

    private final RestClient gateway;

    FollowUpApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    }

    public record InquiryRow(String id, String locationId, String source, String interest, String status, String ownerId,
                             String name, Instant receivedAt, Instant firstResponseDueAt, int attempts, int contacts,
                             String patientId) {

        public boolean responseOverdue(Instant now) {
            return attempts == 0 && firstResponseDueAt != null && firstResponseDueAt.isBefore(now)
                    && List.of("NEW", "CONTACTED").contains(status);
        }
    }

    public record Inquirer(String name, String email, String phone, String preferredLanguage, String preferredChannel) {
    }

    public record Contact(Instant at, String direction, String channel, String outcome, Integer attempt, String text,
                          String byUserId) {
    }

    public record Inquiry(String id, String locationId, String source, String interest, String status, String ownerId,
                          Inquirer contact, List<Contact> contacts, int attempts, Instant receivedAt, String receivedBy,
                          Instant firstResponseDueAt, Instant firstContactedAt, String patientId, Instant convertedAt,
                          Instant wonAt, String lostReason, String lostNote, Instant lostAt) {

        public boolean open() {
            return List.of("NEW", "CONTACTED", "CONSULT_BOOKED").contains(status);
        }
    }

    public record Task(String id, String locationId, String kind, String subjectType, String subjectId, String ownerId,
                       Instant dueAt, boolean overdue, String status, String note, String origin, Instant createdAt,
                       String escalatedTo, Instant escalatedAt, Instant completedAt, String completedBy) {

        public boolean pending() {
            return "OPEN".equals(status) || "ESCALATED".equals(status);
        }
    }

    public record NewInquiry(String locationId, String source, String interest, String name, String email, String phone,
                             String preferredLanguage, String preferredChannel, String message) {
    }

    public record Created(String id, boolean newInquiry) {
    }

    public record Conversion(String firstName, String lastName, String dateOfBirth) {
    }

    /** The work list of one clinic (all of the user's when null), by status ({@code null}: every status), oldest first. */
    public Page<InquiryRow> inquiries(String locationId, String status, int page) {
        return gateway.get().uri(uri -> {
            uri.path("/api/records/v1/inquiries").queryParam("page", page).queryParam("size", 50);
            if (locationId != null) {
                uri.queryParam("locationId", locationId);
            }
            if (status != null) {
                uri.queryParam("status", status);
            }
            return uri.build();
        }).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    public Inquiry inquiry(String id) {
        return gateway.get().uri("/api/records/v1/inquiries/{id}", id).retrieve().body(Inquiry.class);
    }

    /** A phone or walk-in inquiry; the key, made when the form was shown, makes a double submit take it in once. */
    public Created receive(NewInquiry inquiry, UUID idempotencyKey) {
        return gateway.post().uri("/api/records/v1/inquiries").header("Idempotency-Key", idempotencyKey.toString())
                .body(inquiry).retrieve().body(Created.class);
    }

    public void claim(String id) {
        gateway.post().uri("/api/records/v1/inquiries/{id}/claim", id).body(Map.of()).retrieve().toBodilessEntity();
    }

    public void logAttempt(String id, String channel, String outcome, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", channel);
        body.put("outcome", outcome);
        body.put("note", blankToNull(note));
        gateway.post().uri("/api/records/v1/inquiries/{id}/contact-attempts", id).body(body).retrieve().toBodilessEntity();
    }

    public void markLost(String id, String reason, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        body.put("note", blankToNull(note));
        gateway.post().uri("/api/records/v1/inquiries/{id}/loss", id).body(body).retrieve().toBodilessEntity();
    }

    /** Opens the inquirer's chart (or links the existing one the duplicate check finds); answers the chart's id. */
    public String convert(String id, Conversion conversion) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", blankToNull(conversion.firstName()));
        body.put("lastName", blankToNull(conversion.lastName()));
        body.put("dateOfBirth", blankToNull(conversion.dateOfBirth()));
        Map<String, Object> linked = gateway.post().uri("/api/records/v1/inquiries/{id}/conversion", id).body(body)
                .retrieve().body(new ParameterizedTypeReference<>() { });
        return String.valueOf(linked.get("patientId"));
    }

    /** The user's own open tasks ({@code team}: the clinic's, for its lead or an administrator), earliest due first. */
    public Page<Task> tasks(boolean team, String locationId) {
        return gateway.get().uri(uri -> {
            uri.path("/api/records/v1/tasks").queryParam("scope", team ? "team" : "mine").queryParam("size", 50);
            if (team) {
                uri.queryParam("locationId", locationId);
            }
            return uri.build();
        }).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    public record NewTask(String kind, String subjectType, String subjectId, Instant dueAt, String note) {
    }

    /** A follow-up task made by hand, owned by its maker; the key from the form makes a double submit make one. */
    public Task create(NewTask task, UUID idempotencyKey) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", task.kind());
        body.put("subjectType", task.subjectType());
        body.put("subjectId", task.subjectId());
        body.put("dueAt", task.dueAt());
        body.put("note", blankToNull(task.note()));
        return gateway.post().uri("/api/records/v1/tasks").header("Idempotency-Key", idempotencyKey.toString())
                .body(body).retrieve().body(Task.class);
    }

    /** Completes a task; one the user saw escalated is completed as such (the service refuses it otherwise). */
    public void complete(String taskId, boolean afterEscalation) {
        gateway.post().uri("/api/records/v1/tasks/{id}/completion", taskId)
                .body(Map.of("afterEscalation", afterEscalation)).retrieve().toBodilessEntity();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
