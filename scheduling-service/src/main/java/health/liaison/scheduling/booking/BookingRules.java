package health.liaison.scheduling.booking;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.locations.Clinic;
import health.liaison.scheduling.resources.Resource;
import health.liaison.scheduling.resources.Resources;
import org.springframework.data.mongodb.core.query.Criteria;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What makes a booking acceptable before any resource is claimed: every provider, room and piece of equipment is
 * registered at the clinic (and equipment in service); the type's needs are covered (a breast augmentation needs a
 * SURGEON, an ANESTHESIA provider and an OPERATING_ROOM); its performing provider is allowed to perform it; each
 * provider works then (their weekly hours at that clinic); the clinic is not closed for a holiday; and the patient
 * has completed what the type requires first (e.g. a consultation before a surgery).
 */
final class BookingRules {

    private BookingRules() {
    }

    static void check(AppointmentType type, Optional<Clinic> clinic, String locationId, List<String> providerIds,
                      List<String> roomIds, List<String> equipmentIds, Instant start, Instant end, Resources resources) {
        List<Resource> providers = resolve(providerIds, Resource.Kind.PROVIDER, "providerIds", locationId, resources);
        if (type.virtual() && roomIds != null && !roomIds.isEmpty()) {
            throw ApiProblem.invalid("roomIds", "a " + type.name() + " is a virtual visit: it takes no room");
        }
        List<Resource> rooms = resolve(roomIds, Resource.Kind.ROOM, "roomIds", locationId, resources);
        List<Resource> equipment = resolve(equipmentIds, Resource.Kind.EQUIPMENT, "equipmentIds", locationId, resources);
        for (Resource item : equipment) {
            if (item.outOfService()) {
                throw ApiProblem.conflict("equipment-out-of-service", "The " + item.name() + " (" + item.id()
                        + ") is out of service; choose other equipment or another time.", Map.of("resource", item.id()));
            }
        }
        for (AppointmentType.Need need : type.needs()) {
            List<Resource> pool = switch (need.kind()) {
                case "PROVIDER" -> providers;
                case "ROOM" -> rooms;
                default -> equipment;
            };
            if (pool.stream().noneMatch(r -> r.role().equals(need.role()))) {
                String field = switch (need.kind()) {
                    case "PROVIDER" -> "providerIds";
                    case "ROOM" -> "roomIds";
                    default -> "equipmentIds";
                };
                throw ApiProblem.invalid(field, "a " + type.name() + " needs a " + need.role());
            }
        }
        String performing = type.performingRole();
        if (!type.allowedProviderIds().isEmpty()) {
            for (Resource provider : providers) {
                if ((performing == null || provider.role().equals(performing)) && !type.allowedProviderIds().contains(provider.id())) {
                    throw ApiProblem.invalid("providerIds", provider.id() + " may not perform " + type.name());
                }
            }
        }
        checkTime(clinic, locationId, providers, start, end);
    }

    /** The clinic is open that day (no holiday) and each provider works then, on the clinic's clock. */
    static void checkTime(Optional<Clinic> clinic, String locationId, List<Resource> providers, Instant start, Instant end) {
        clinic.ifPresent(c -> {
            LocalDate day = start.atZone(c.zone()).toLocalDate();
            if (c.closedOn(day)) {
                throw ApiProblem.invalid("start", "the clinic is closed on " + day + " (" + c.holidays().get(day.toString()) + ")");
            }
            for (Resource provider : providers) {
                if (!provider.worksDuring(locationId, c.zone(), start, end)) {
                    throw ApiProblem.invalid("start", provider.id() + " does not work at " + locationId + " at "
                            + start.atZone(c.zone()).toLocalTime() + " on " + start.atZone(c.zone()).getDayOfWeek()
                            + " (" + c.zoneId() + ")");
                }
            }
        });
    }

    /** Whether the patient has completed an appointment of each prerequisite (a category or a type id). */
    static void requirePrerequisites(AppointmentType type, String patientId, TenantStore<Appointment> appointments) {
        for (String prerequisite : type.prerequisites()) {
            long done = appointments.count(Criteria.where("patientId").is(patientId)
                    .and("status").is(Appointment.Status.COMPLETED.name())
                    .orOperator(Criteria.where("category").is(prerequisite), Criteria.where("appointmentTypeId").is(prerequisite)));
            if (done == 0) {
                throw ApiProblem.unprocessable("prerequisite-missing", "A " + type.name() + " needs a completed "
                        + prerequisite.toLowerCase().replace('_', ' ') + " for this patient first.");
            }
        }
    }

    static List<Resource> providers(List<String> ids, Resources resources) {
        return ids.stream().map(resources::find).flatMap(Optional::stream).toList();
    }

    private static List<Resource> resolve(List<String> ids, Resource.Kind kind, String field, String locationId, Resources resources) {
        List<Resource> found = new ArrayList<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            Resource resource = resources.find(id).filter(r -> r.kind() == kind)
                    .orElseThrow(() -> ApiProblem.invalid(field, id + " is not a " + kind.name().toLowerCase() + " of your practice"));
            if (!resource.at(locationId)) {
                throw ApiProblem.invalid(field, id + " is not at " + locationId);
            }
            found.add(resource);
        }
        return found;
    }

}
