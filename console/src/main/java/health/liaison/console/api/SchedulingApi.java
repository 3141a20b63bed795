package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The scheduling area of the gateway's API, as the console uses it. */
@Component
public class SchedulingApi {

    private final RestClient gateway;

    SchedulingApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Clinic(String id, String name, String zoneId) {
    }

    public record Resource(String id, String kind, String role, String name, List<String> locationIds) {
    }

    public record Flow(Instant checkedInAt, Instant roomedAt, Instant withProviderAt, Instant checkedOutAt) {
        public static final Flow NONE = new Flow(null, null, null, null);
    }

    public record Appointment(String id, String patientId, String locationId, String appointmentTypeId,
                              String appointmentTypeName, String category, String status, Instant start, Instant end,
                              List<String> providerIds, List<String> roomIds, Flow flow, Instant holdExpiresAt) {
        public Appointment {
            providerIds = providerIds == null ? List.of() : providerIds;
            roomIds = roomIds == null ? List.of() : roomIds;
            flow = flow == null ? Flow.NONE : flow;
        }
    }

    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
        public Page {
            items = items == null ? List.of() : items;
        }
    }

    public record Slot(Instant start, Instant end) {
    }

    public record Booking(String patientId, String locationId, String appointmentTypeId, List<String> providerIds,
                          List<String> roomIds, Instant start) {
    }

    public record SurgeryCase(Surgery surgery, List<String> blockers, String nextAction) {
        public record Surgery(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                              String status, boolean depositPaid, String quoteId, List<String> recordsOutstanding) {
        }
    }

    public Clinic clinic(String locationId) {
        return gateway.get().uri("/api/scheduling/v1/locations/{id}", locationId).retrieve().body(Clinic.class);
    }

    public List<Resource> providers(String locationId) {
        return gateway.get().uri("/api/scheduling/v1/resources?locationId={l}&kind=PROVIDER", locationId)
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    public List<Resource> rooms(String locationId) {
        return gateway.get().uri("/api/scheduling/v1/resources?locationId={l}&kind=ROOM", locationId)
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** A clinic's day (clinic-local date), every page of it. */
    public List<Appointment> day(String locationId, LocalDate date) {
        return pages(page -> gateway.get()
                .uri("/api/scheduling/v1/appointments?locationId={l}&date={d}&page={p}&size=100", locationId, date, page)
                .retrieve().body(new ParameterizedTypeReference<Page<Appointment>>() { }));
    }

    /** A patient's appointments, every page. */
    public List<Appointment> ofPatient(String patientId) {
        return pages(page -> gateway.get()
                .uri("/api/scheduling/v1/appointments?patientId={p}&page={n}&size=100", patientId, page)
                .retrieve().body(new ParameterizedTypeReference<Page<Appointment>>() { }));
    }

    private static <T> List<T> pages(java.util.function.IntFunction<Page<T>> read) {
        List<T> all = new java.util.ArrayList<>();
        for (int page = 0; page < 50; page++) {
            Page<T> one = read.apply(page);
            all.addAll(one.items());
            if (page + 1 >= one.totalPages()) {
                break;
            }
        }
        return all;
    }

    public Appointment appointment(String id) {
        return gateway.get().uri("/api/scheduling/v1/appointments/{id}", id).retrieve().body(Appointment.class);
    }

    public List<Slot> availability(String typeId, String locationId, String providerId, String roomId, LocalDate from, LocalDate to) {
        return gateway.get().uri(uri -> {
                    uri.path("/api/scheduling/v1/availability").queryParam("appointmentTypeId", typeId)
                            .queryParam("locationId", locationId).queryParam("providerIds", providerId)
                            .queryParam("from", from).queryParam("to", to).queryParam("limit", 40);
                    if (roomId != null && !roomId.isBlank()) {
                        uri.queryParam("roomIds", roomId);
                    }
                    return uri.build();
                })
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** Books under the form's Idempotency-Key, so a second submit of the same form returns the first booking. */
    public Appointment book(Booking booking, UUID idempotencyKey) {
        return gateway.post().uri("/api/scheduling/v1/appointments").header("Idempotency-Key", idempotencyKey.toString())
                .body(booking).retrieve().body(Appointment.class);
    }

    /** One step of the patient's flow: check-in, roomed, with-provider, check-out or no-show. */
    public void flow(String appointmentId, FlowStep step) {
        gateway.post().uri("/api/scheduling/v1/appointments/{id}/" + step.path(), appointmentId).retrieve().toBodilessEntity();
    }

    public void cancel(String appointmentId, String reasonCode) {
        gateway.post().uri("/api/scheduling/v1/appointments/{id}/cancellation", appointmentId)
                .body(Map.of("reasonCode", reasonCode)).retrieve().toBodilessEntity();
    }

    public void reschedule(String appointmentId, Instant start) {
        gateway.post().uri("/api/scheduling/v1/appointments/{id}/reschedule", appointmentId)
                .body(Map.of("start", start)).retrieve().toBodilessEntity();
    }

    /** The clinic's held and booked surgeries (the board is paged: a page of 200, the most a page holds). */
    public List<SurgeryCase> surgeryBoard(String locationId) {
        Page<SurgeryCase> page = gateway.get().uri("/api/scheduling/v1/surgery-cases?locationId={l}&size=200", locationId)
                .retrieve().body(new ParameterizedTypeReference<Page<SurgeryCase>>() { });
        return page == null ? List.of() : page.items();
    }

    public enum FlowStep {
        CHECK_IN("check-in"), ROOMED("roomed"), WITH_PROVIDER("with-provider"), CHECK_OUT("check-out"), NO_SHOW("no-show");

        private final String path;

        FlowStep(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        public static FlowStep ofPath(String path) {
            for (FlowStep step : values()) {
                if (step.path.equals(path)) {
                    return step;
                }
            }
            throw new IllegalArgumentException("no flow step " + path);
        }
    }
}
