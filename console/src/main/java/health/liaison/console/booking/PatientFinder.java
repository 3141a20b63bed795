package health.liaison.console.booking;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The Find and book page's view models: search results, the booking form with its availability. */
@Component
class PatientFinder {

    private final RecordsApi records;
    private final SchedulingApi scheduling;

    PatientFinder(RecordsApi records, SchedulingApi scheduling) {
        this.records = records;
        this.scheduling = scheduling;
    }

    RecordsApi.Found search(String name) {
        return records.search(name, 0);
    }

    record Availability(RecordsApi.Patient patient, SchedulingApi.Clinic clinic, String typeId, String providerId,
                        String roomId, LocalDate from, List<SchedulingApi.Resource> providers,
                        List<SchedulingApi.Resource> rooms, List<Offer> slots, boolean searched) {
    }

    /** A free time with the Idempotency-Key of its own booking form: a double submit books it once. */
    record Offer(java.time.Instant start, java.time.Instant end, UUID bookingKey) {
    }

    Availability availability(String patientId, String locationId, String typeId, String providerId, String roomId, LocalDate from) {
        RecordsApi.Patient patient = records.patient(patientId);
        String clinicId = locationId == null || locationId.isBlank() ? patient.locationId() : locationId;
        SchedulingApi.Clinic clinic = scheduling.clinic(clinicId);
        List<SchedulingApi.Resource> providers = scheduling.providers(clinicId);
        List<SchedulingApi.Resource> rooms = scheduling.rooms(clinicId);
        boolean searched = typeId != null && !typeId.isBlank() && providerId != null && !providerId.isBlank();
        LocalDate start = from == null ? LocalDate.now(java.time.ZoneId.of(clinic.zoneId())) : from;
        List<Offer> slots = searched
                ? scheduling.availability(typeId, clinicId, providerId, roomId, start, start.plusDays(6)).stream()
                .map(slot -> new Offer(slot.start(), slot.end(), UUID.randomUUID())).toList() : List.of();
        return new Availability(patient, clinic, typeId == null ? "consultation" : typeId, providerId, roomId, start,
                providers, rooms, slots, searched);
    }
}
