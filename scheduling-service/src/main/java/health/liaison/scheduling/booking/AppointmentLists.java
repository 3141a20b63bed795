package health.liaison.scheduling.booking;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.locations.Clinics;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists of appointments for front ends: a clinic's day (the clinic-local day in its own time zone) or any span,
 * narrowed by provider, room, patient and status, paged and sorted by start. Staff see the clinics they work at (an
 * administrator every clinic of the group); a patient only their own appointments; another group's nothing.
 */
@Component
public class AppointmentLists {

    /** What a day sheet shows of each appointment. Names of the practice's own things, never the patient's. */
    public record Item(String id, String patientId, String locationId, String appointmentTypeId, String appointmentTypeName,
                       String category, String status, Instant start, Instant end, List<String> providerIds,
                       List<String> roomIds, FlowTimes flow, Instant holdExpiresAt) {
    }

    public record FlowTimes(Instant checkedInAt, Instant roomedAt, Instant withProviderAt, Instant checkedOutAt) {
    }

    /**
     * A list request, already parsed: {@code date} (with {@code locationId}) or {@code from}/{@code to}, or neither
     * (every appointment matching the other filters, e.g. a patient's past and upcoming ones).
     */
    public record Query(String locationId, LocalDate date, Instant from, Instant to, String providerId, String roomId,
                        String patientId, List<Appointment.Status> statuses, Paging paging) {
    }

    private final TenantStore<Appointment> appointments;
    private final Clinics clinics;
    private final AppointmentTypes types;

    AppointmentLists(TenantStores stores, Clinics clinics, AppointmentTypes types) {
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.clinics = clinics;
        this.types = types;
        var indexes = stores.mongo().indexOps("appointments");
        // a clinic's day, and a patient's list, served in start order without an in-memory sort
        indexes.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("locationId", Sort.Direction.ASC)
                .on("start", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("list_by_location_start"));
        indexes.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("patientId", Sort.Direction.ASC)
                .on("start", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("list_by_patient_start"));
    }

    public Page<Item> list(Query query) {
        Caller caller = Callers.current();
        List<Criteria> filters = new ArrayList<>();
        if (caller.hasRole("PATIENT")) {
            filters.add(Criteria.where("patientId").is(caller.patientId()));
        } else if (query.patientId() != null) {
            filters.add(Criteria.where("patientId").is(query.patientId()));
        }
        if (query.locationId() != null) {
            if (!caller.hasRole("PATIENT") && !caller.hasRole("ADMIN") && !caller.worksAt(query.locationId())) {
                throw ApiProblem.forbidden("You do not work at this clinic.");
            }
            filters.add(Criteria.where("locationId").is(query.locationId()));
        } else if (!caller.hasRole("PATIENT") && !caller.hasRole("ADMIN")) {
            filters.add(Criteria.where("locationId").in(caller.locations()));
        }
        Instant from = query.from();
        Instant to = query.to();
        if (query.date() != null) {
            if (query.locationId() == null) {
                throw ApiProblem.invalid("locationId", "is required with date (the clinic's time zone decides the day)");
            }
            ZoneId zone = clinics.find(query.locationId())
                    .orElseThrow(() -> ApiProblem.invalid("locationId", "is not a clinic of your practice")).zone();
            from = query.date().atStartOfDay(zone).toInstant();
            to = query.date().plusDays(1).atStartOfDay(zone).toInstant();
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.invalid("to", "must be after from");
        }
        if (from != null || to != null) {
            Criteria start = Criteria.where("start");
            if (from != null) {
                start = start.gte(Date.from(from));
            }
            if (to != null) {
                start = start.lt(Date.from(to));
            }
            filters.add(start);
        }
        if (query.providerId() != null) {
            filters.add(Criteria.where("providerIds").is(query.providerId()));
        }
        if (query.roomId() != null) {
            filters.add(Criteria.where("roomIds").is(query.roomId()));
        }
        if (query.statuses() != null && !query.statuses().isEmpty()) {
            filters.add(Criteria.where("status").in(query.statuses().stream().map(Enum::name).toList()));
        }
        Criteria criteria = filters.isEmpty() ? new Criteria() : new Criteria().andOperator(filters);
        Page<Appointment> page = appointments.page(criteria, Sort.by("start"), query.paging());
        Map<String, Optional<AppointmentType>> typesById = new HashMap<>();
        return page.map(a -> item(a, typesById.computeIfAbsent(a.appointmentTypeId(), types::find)));
    }

    private static Item item(Appointment a, Optional<AppointmentType> type) {
        Appointment.Flow f = a.flow() == null ? Appointment.Flow.NONE : a.flow();
        return new Item(a.id(), a.patientId(), a.locationId(), a.appointmentTypeId(),
                type.map(AppointmentType::name).orElse(null), a.category().name(), a.status().name(), a.start(), a.end(),
                a.providerIds(), a.roomIds(), new FlowTimes(f.checkedInAt(), f.roomedAt(), f.withProviderAt(), f.checkedOutAt()),
                a.holdExpiresAt());
    }
}
