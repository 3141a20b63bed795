package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The patient-records area of the gateway's API, as the console uses it. */
@Component
public class RecordsApi {

    private static final int SUMMARIES_PER_CALL = 200;
    private final RestClient gateway;

    RecordsApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Patient(String id, String locationId, String status, String firstName, String lastName,
                          LocalDate dateOfBirth, String email, String phone, String preferredLanguage,
                          List<String> possibleDuplicates) {
        public Patient {
            possibleDuplicates = possibleDuplicates == null ? List.of() : possibleDuplicates;
        }

        public String displayName() {
            return firstName + " " + lastName;
        }
    }

    public record Summary(String id, String displayName, LocalDate dateOfBirth, String locationId) {
    }

    record Summaries(List<Summary> items) {
    }

    public record Registration(String locationId, String firstName, String lastName, LocalDate dateOfBirth,
                               String email, String phone) {
    }

    public record Consent(String id, String consentType, int templateVersion, String status, Instant signedAt) {
    }

    public record Checklist(String appointmentId, String patientId, List<Item> items, boolean cleared, List<String> outstanding) {
        public record Item(String code, boolean done, Instant doneAt, String doneBy) {
        }
    }

    public record Grant(String id, String patientId, Instant expiresAt) {
    }

    public record Found(List<Patient> items, int page, int size, long totalItems, int totalPages) {
        public Found {
            items = items == null ? List.of() : items;
        }
    }

    /** Patients by name, accents and case folded by the service ("jose" finds "José"); the name travels in the body. */
    public Found search(String name, int page) {
        return gateway.post().uri("/api/records/v1/patients/search").body(Map.of("name", name, "page", page, "size", 20))
                .retrieve().body(Found.class);
    }

    /** Names for a list of ids (a day sheet), in one call; ids the caller may not see are left out. */
    public Map<String, Summary> summaries(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Summary> byId = new java.util.HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += SUMMARIES_PER_CALL) {
            List<String> some = all.subList(from, Math.min(all.size(), from + SUMMARIES_PER_CALL));
            Summaries found = gateway.post().uri("/api/records/v1/patients/summaries").body(Map.of("ids", some))
                    .retrieve().body(Summaries.class);
            if (found != null && found.items() != null) {
                found.items().forEach(summary -> byId.put(summary.id(), summary));
            }
        }
        return byId;
    }

    public Patient patient(String id) {
        return gateway.get().uri("/api/records/v1/patients/{id}", id).retrieve().body(Patient.class);
    }

    public Patient register(Registration registration, UUID idempotencyKey) {
        return gateway.post().uri("/api/records/v1/patients").header("Idempotency-Key", idempotencyKey.toString())
                .body(registration).retrieve().body(Patient.class);
    }

    public Grant breakGlass(String patientId, String reason) {
        return gateway.post().uri("/api/records/v1/patients/{id}/break-glass", patientId)
                .body(Map.of("reason", reason)).retrieve().body(Grant.class);
    }

    public List<Consent> consents(String patientId) {
        return gateway.get().uri("/api/records/v1/patients/{id}/consents", patientId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    public Checklist checklist(String appointmentId) {
        return gateway.get().uri("/api/records/v1/surgeries/{id}/checklist", appointmentId).retrieve().body(Checklist.class);
    }

    public void tick(String appointmentId, String item) {
        gateway.post().uri("/api/records/v1/surgeries/{id}/checklist/{item}", appointmentId, item)
                .retrieve().toBodilessEntity();
    }
}
