package health.liaison.scheduling.calendars;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.locations.Clinics;
import io.swagger.v3.oas.annotations.Operation;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/**
 * A provider's day or week and a room's day, on a clinic's local clock: what the front desk and the OR board show.
 * Entries name the patient by id only; the chart is one click away in records (which audits the read). For the care
 * team and the front desk only: billing, inventory and patients are refused.
 */
@RestController
class Schedules {

    private final TenantStore<Document> appointments;
    private final Clinics clinics;

    Schedules(TenantStores stores, Clinics clinics) {
        this.appointments = stores.of(Document.class, "appointments", "appointment");
        this.clinics = clinics;
    }

    record Entry(String appointmentId, String patientId, String locationId, String appointmentTypeId, String category,
                 Instant start, Instant end, String status, List<String> providerIds, List<String> roomIds) {
    }

    @Operation(summary = "A provider's schedule for a day or a week (days=1..7) on the clinic's local clock")
    @GetMapping("/api/scheduling/v1/providers/{providerId}/schedule")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    List<Entry> provider(@PathVariable String providerId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                         @RequestParam(defaultValue = "1") int days, @RequestParam(required = false) String locationId) {
        return schedule("providerIds", providerId, date, days, locationId);
    }

    @Operation(summary = "A room's schedule for a day (or up to a week) on the clinic's local clock")
    @GetMapping("/api/scheduling/v1/rooms/{roomId}/schedule")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    List<Entry> room(@PathVariable String roomId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                     @RequestParam(defaultValue = "1") int days, @RequestParam(required = false) String locationId) {
        return schedule("roomIds", roomId, date, days, locationId);
    }

    private List<Entry> schedule(String field, String resourceId, LocalDate date, int days, String locationId) {
        if (days < 1 || days > 7) {
            throw ApiProblem.invalid("days", "must be between 1 (a day) and 7 (a week)");
        }
        ZoneId zone = locationId == null ? ZoneOffset.UTC
                : clinics.find(locationId).orElseThrow(() -> ApiProblem.invalid("locationId", "is not a clinic of your practice")).zone();
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(days).atStartOfDay(zone).toInstant();
        Criteria criteria = Criteria.where(field).is(resourceId).and("status").in("HELD", "BOOKED", "CHECKED_IN", "COMPLETED", "NO_SHOW")
                .and("start").gte(Date.from(from)).lt(Date.from(to));
        if (locationId != null) {
            criteria = criteria.and("locationId").is(locationId);
        }
        return appointments.find(criteria, Sort.by("start"), 500).stream().map(d -> new Entry(d.getString("_id"),
                d.getString("patientId"), d.getString("locationId"), d.getString("appointmentTypeId"), d.getString("category"),
                d.getDate("start").toInstant(), d.getDate("end").toInstant(), d.getString("status"),
                d.getList("providerIds", String.class, List.of()), d.getList("roomIds", String.class, List.of()))).toList();
    }
}
