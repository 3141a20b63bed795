package health.liaison.scheduling.availability;

import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.booking.ResourceCalendars;
import health.liaison.scheduling.locations.Clinic;
import health.liaison.scheduling.locations.Clinics;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Free slots for an appointment type at a clinic, for the providers and rooms it would use. */
@RestController
public class Availability {

    private static final int MAX_DAYS = 62;
    private final AppointmentTypes types;
    private final Clinics clinics;
    private final ResourceCalendars calendars;
    private final health.liaison.scheduling.resources.Resources resources;
    private final Clock clock;

    Availability(AppointmentTypes types, Clinics clinics, ResourceCalendars calendars,
                 health.liaison.scheduling.resources.Resources resources, Clock clock) {
        this.resources = resources;
        this.types = types;
        this.clinics = clinics;
        this.calendars = calendars;
        this.clock = clock;
    }

    record Slot(Instant start, Instant end) {
    }

    record Offer(Instant start, Instant end, String locationId, String providerId) {
    }

    @Operation(summary = "Free slots (clinic-local opening hours, honouring bookings, holds, set-up and turnover)")
    @GetMapping("/api/scheduling/v1/availability")
    List<Slot> slots(@RequestParam String appointmentTypeId, @RequestParam String locationId,
                     @RequestParam List<String> providerIds, @RequestParam(required = false) List<String> roomIds,
                     @RequestParam LocalDate from, @RequestParam LocalDate to,
                     @RequestParam(defaultValue = "15") int stepMinutes, @RequestParam(defaultValue = "200") int limit) {
        AppointmentType type = types.find(appointmentTypeId)
                .orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "is not an appointment type of your practice"));
        Clinic clinic = clinics.find(locationId)
                .orElseThrow(() -> ApiProblem.invalid("locationId", "is not a clinic of your practice"));
        List<String> needed = new ArrayList<>(providerIds);
        checkRange(from, to, stepMinutes);
        if (roomIds != null) {
            needed.addAll(roomIds);
        }
        Instant windowStart = from.atStartOfDay(clinic.zone()).toInstant().minus(Duration.ofDays(1));
        Instant windowEnd = to.plusDays(2).atStartOfDay(clinic.zone()).toInstant();
        List<SlotFinder.Span> busy = calendars.busy(needed, windowStart, windowEnd, providerIds).stream()
                .map(b -> new SlotFinder.Span(b[0], b[1])).toList();
        Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = hoursOf(clinic);
        for (String provider : providerIds) {
            hours = withProviderHours(hours, provider, locationId);
        }
        return SlotFinder.find(from, to, clinic.zone(), hours, closedDays(clinic), type.duration(), type.setup(), type.turnover(),
                        Duration.ofMinutes(stepMinutes), busy, clock.instant(), Math.min(Math.max(limit, 1), 1000)).stream()
                .map(start -> new Slot(start, start.plus(type.duration()))).toList();
    }

    @Operation(summary = "Next available: the earliest slots with ANY of the providers at ANY of the clinics, in one call")
    @GetMapping("/api/scheduling/v1/availability/next")
    List<Offer> next(@RequestParam String appointmentTypeId, @RequestParam List<String> locationIds,
                     @RequestParam List<String> providerIds, @RequestParam LocalDate from, @RequestParam LocalDate to,
                     @RequestParam(defaultValue = "15") int stepMinutes, @RequestParam(defaultValue = "20") int limit) {
        AppointmentType type = types.find(appointmentTypeId)
                .orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "is not an appointment type of your practice"));
        checkRange(from, to, stepMinutes);
        if (providerIds.size() > 50 || locationIds.size() > 10) {
            throw ApiProblem.invalid("providerIds", "at most 50 providers and 10 clinics per search");
        }
        int wanted = Math.min(Math.max(limit, 1), 200);
        List<Clinic> places = new ArrayList<>();
        for (String locationId : locationIds) {
            places.add(clinics.find(locationId).orElseThrow(() -> ApiProblem.invalid("locationIds", locationId + " is not a clinic of your practice")));
        }
        Instant windowStart = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minus(Duration.ofDays(2));
        Instant windowEnd = to.plusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        // one read for every provider's calendar, then the search runs in memory
        Map<String, List<SlotFinder.Span>> busyByProvider = new java.util.HashMap<>();
        calendars.busyByResource(providerIds, windowStart, windowEnd).forEach((provider, intervals) ->
                busyByProvider.put(provider, intervals.stream().map(b -> new SlotFinder.Span(b[0], b[1])).toList()));
        List<Offer> offers = new ArrayList<>();
        Instant now = clock.instant();
        for (Clinic clinic : places) {
            Map<DayOfWeek, List<SlotFinder.OpenHours>> clinicHours = hoursOf(clinic);
            java.util.Set<LocalDate> closed = closedDays(clinic);
            for (String provider : providerIds) {
                java.util.Optional<health.liaison.scheduling.resources.Resource> known = resources.find(provider);
                if (known.isPresent() && !known.get().at(clinic.id())) {
                    continue; // the provider does not work at this clinic at all
                }
                Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = withProviderHours(clinicHours, provider, clinic.id());
                SlotFinder.find(from, to, clinic.zone(), hours, closed, type.duration(), type.setup(), type.turnover(),
                                Duration.ofMinutes(stepMinutes), busyByProvider.getOrDefault(provider, List.of()), now, wanted)
                        .forEach(start -> offers.add(new Offer(start, start.plus(type.duration()), clinic.id(), provider)));
            }
        }
        return offers.stream().sorted(java.util.Comparator.comparing(Offer::start).thenComparing(Offer::providerId))
                .limit(wanted).toList();
    }

    /** The first free starts for a type with these providers at a clinic, on its local clock, honouring everything. */
    public List<Instant> freeStarts(AppointmentType type, Clinic clinic, List<String> providerIds, LocalDate from, LocalDate to,
                                    int stepMinutes, int limit) {
        Instant windowStart = from.atStartOfDay(clinic.zone()).toInstant().minus(Duration.ofDays(1));
        Instant windowEnd = to.plusDays(2).atStartOfDay(clinic.zone()).toInstant();
        List<SlotFinder.Span> busy = calendars.busy(providerIds, windowStart, windowEnd, providerIds).stream()
                .map(b -> new SlotFinder.Span(b[0], b[1])).toList();
        Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = hoursOf(clinic);
        for (String provider : providerIds) {
            hours = withProviderHours(hours, provider, clinic.id());
        }
        return SlotFinder.find(from, to, clinic.zone(), hours, closedDays(clinic), type.duration(), type.setup(),
                type.turnover(), Duration.ofMinutes(stepMinutes), busy, clock.instant(), limit);
    }

    private static void checkRange(LocalDate from, LocalDate to, int stepMinutes) {
        if (to.isBefore(from)) {
            throw ApiProblem.invalid("to", "must not be before from");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw ApiProblem.invalid("to", "must be at most " + MAX_DAYS + " days after from");
        }
        if (stepMinutes < 5 || stepMinutes > 240) {
            throw ApiProblem.invalid("stepMinutes", "must be between 5 and 240");
        }
    }

    /** The clinic's hours narrowed to the provider's working hours there, when they have a template. */
    private Map<DayOfWeek, List<SlotFinder.OpenHours>> withProviderHours(Map<DayOfWeek, List<SlotFinder.OpenHours>> hours,
                                                                        String providerId, String locationId) {
        return resources.find(providerId).filter(p -> p.hasTemplateAt(locationId)).map(p -> {
            Map<DayOfWeek, List<SlotFinder.OpenHours>> works = new EnumMap<>(DayOfWeek.class);
            p.workingHours().stream().filter(h -> h.locationId().equals(locationId)).forEach(h ->
                    works.computeIfAbsent(h.day(), d -> new ArrayList<>()).add(new SlotFinder.OpenHours(h.start(), h.end())));
            return SlotFinder.intersect(hours, works);
        }).orElse(hours);
    }

    private static java.util.Set<LocalDate> closedDays(Clinic clinic) {
        return clinic.holidays().keySet().stream().map(LocalDate::parse).collect(java.util.stream.Collectors.toSet());
    }

    private static Map<DayOfWeek, List<SlotFinder.OpenHours>> hoursOf(Clinic clinic) {
        Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = new EnumMap<>(DayOfWeek.class);
        clinic.hours().forEach((day, spans) -> hours.put(day, spans.stream()
                .map(s -> new SlotFinder.OpenHours(s.opens(), s.closes())).toList()));
        return hours;
    }
}
