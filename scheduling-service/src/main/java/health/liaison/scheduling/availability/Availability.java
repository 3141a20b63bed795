package health.liaison.scheduling.availability;

import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.booking.ResourceCalendars;
import health.liaison.scheduling.locations.Clinic;
import health.liaison.scheduling.locations.Clinics;
import health.liaison.platform.validation.WithinTimeBounds;
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

    /**
     * A bookable time: where, and the team that is free then — send {@code providerIds}, {@code roomIds} and
     * {@code equipmentIds} as they are to book it. {@code providerId} is the performing provider.
     */
    record Offer(Instant start, Instant end, String locationId, String providerId, List<String> providerIds,
                 List<String> roomIds, List<String> equipmentIds) {
        static Offer single(Instant start, Instant end, String locationId, String providerId) {
            return new Offer(start, end, locationId, providerId, List.of(providerId), List.of(), List.of());
        }
    }

    @Operation(summary = "Free slots (clinic-local opening hours, honouring bookings, holds, set-up and turnover)")
    @GetMapping("/api/scheduling/v1/availability")
    List<Slot> slots(@RequestParam String appointmentTypeId, @RequestParam String locationId,
                     @RequestParam List<String> providerIds, @RequestParam(required = false) List<String> roomIds,
                     @RequestParam @WithinTimeBounds LocalDate from, @RequestParam @WithinTimeBounds LocalDate to,
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

    @Operation(summary = "Next available at ANY of the clinics, in one call: for a type that declares its needs (e.g. surgeon + "
            + "anesthesia + operating room) the earliest times a whole team registered at the clinic is free, chosen for you "
            + "(optionally only with the given performing providers); otherwise the earliest slots with ANY of the providers")
    @GetMapping("/api/scheduling/v1/availability/next")
    List<Offer> next(@RequestParam String appointmentTypeId, @RequestParam List<String> locationIds,
                     @RequestParam(required = false) List<String> providerIds, @RequestParam LocalDate from, @RequestParam LocalDate to,
                     @RequestParam(defaultValue = "15") int stepMinutes, @RequestParam(defaultValue = "20") int limit) {
        AppointmentType type = types.find(appointmentTypeId)
                .orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "is not an appointment type of your practice"));
        checkRange(from, to, stepMinutes);
        List<String> asked = providerIds == null ? List.of() : providerIds;
        if (asked.size() > 50 || locationIds.size() > 10) {
            throw ApiProblem.invalid("providerIds", "at most 50 providers and 10 clinics per search");
        }
        int wanted = Math.min(Math.max(limit, 1), 200);
        List<Clinic> places = new ArrayList<>();
        for (String locationId : locationIds) {
            places.add(clinics.find(locationId).orElseThrow(() -> ApiProblem.invalid("locationIds", locationId + " is not a clinic of your practice")));
        }
        if (!type.needs().isEmpty()) {
            return teams(type, places, asked, from, to, stepMinutes, wanted);
        }
        if (asked.isEmpty()) {
            throw ApiProblem.invalid("providerIds", "name the providers: " + type.id() + " declares no needs to choose a team from");
        }
        Instant windowStart = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minus(Duration.ofDays(2));
        Instant windowEnd = to.plusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        // one read for every provider's calendar, then the search runs in memory
        Map<String, List<SlotFinder.Span>> busyByProvider = new java.util.HashMap<>();
        calendars.busyByResource(asked, windowStart, windowEnd).forEach((provider, intervals) ->
                busyByProvider.put(provider, intervals.stream().map(b -> new SlotFinder.Span(b[0], b[1])).toList()));
        List<Offer> offers = new ArrayList<>();
        Instant now = clock.instant();
        for (Clinic clinic : places) {
            Map<DayOfWeek, List<SlotFinder.OpenHours>> clinicHours = hoursOf(clinic);
            java.util.Set<LocalDate> closed = closedDays(clinic);
            for (String provider : asked) {
                java.util.Optional<health.liaison.scheduling.resources.Resource> known = resources.find(provider);
                if (known.isPresent() && !known.get().at(clinic.id())) {
                    continue; // the provider does not work at this clinic at all
                }
                Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = withProviderHours(clinicHours, provider, clinic.id());
                SlotFinder.find(from, to, clinic.zone(), hours, closed, type.duration(), type.setup(), type.turnover(),
                                Duration.ofMinutes(stepMinutes), busyByProvider.getOrDefault(provider, List.of()), now, wanted)
                        .forEach(start -> offers.add(Offer.single(start, start.plus(type.duration()), clinic.id(), provider)));
            }
        }
        return offers.stream().sorted(java.util.Comparator.comparing(Offer::start).thenComparing(Offer::providerId))
                .limit(wanted).toList();
    }

    /** Teams to try at one clinic at the most: enough for any real clinic's surgeons × anesthesia × rooms. */
    private static final int MAX_TEAMS_PER_CLINIC = 60;

    /**
     * Every team the type's needs allow at each clinic (one registered resource per need, the performing provider among
     * the type's allowed providers and the ones asked for, equipment in service), each searched on the clinic's clock
     * with its providers' working hours and its members' calendars (an OR block is open to its own surgeon only); one
     * offer per clinic and start, earliest first.
     */
    private List<Offer> teams(AppointmentType type, List<Clinic> places, List<String> asked, LocalDate from, LocalDate to,
                              int stepMinutes, int wanted) {
        Instant windowStart = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minus(Duration.ofDays(2));
        Instant windowEnd = to.plusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();
        Map<String, Offer> earliest = new java.util.HashMap<>();
        for (Clinic clinic : places) {
            List<health.liaison.scheduling.resources.Resource> there = resources.atClinic(clinic.id());
            List<List<String>> candidates = new ArrayList<>();
            boolean performing = true;
            for (AppointmentType.Need need : type.needs()) {
                boolean first = performing && "PROVIDER".equals(need.kind());
                List<String> ids = there.stream()
                        .filter(r -> r.kind().name().equals(need.kind()) && r.role().equals(need.role()) && !r.outOfService())
                        .map(health.liaison.scheduling.resources.Resource::id)
                        .filter(id -> !first || type.allowedProviderIds().isEmpty() || type.allowedProviderIds().contains(id))
                        .filter(id -> !first || asked.isEmpty() || asked.contains(id))
                        .sorted().toList();
                if (first) {
                    performing = false;
                }
                candidates.add(ids);
            }
            Map<DayOfWeek, List<SlotFinder.OpenHours>> clinicHours = hoursOf(clinic);
            java.util.Set<LocalDate> closed = closedDays(clinic);
            for (List<String> team : Teams.combinations(candidates, MAX_TEAMS_PER_CLINIC)) {
                List<String> providers = new ArrayList<>();
                List<String> rooms = new ArrayList<>();
                List<String> equipment = new ArrayList<>();
                for (int i = 0; i < team.size(); i++) {
                    switch (type.needs().get(i).kind()) {
                        case "PROVIDER" -> providers.add(team.get(i));
                        case "ROOM" -> rooms.add(team.get(i));
                        default -> equipment.add(team.get(i));
                    }
                }
                Map<DayOfWeek, List<SlotFinder.OpenHours>> hours = clinicHours;
                for (String provider : providers) {
                    hours = withProviderHours(hours, provider, clinic.id());
                }
                List<SlotFinder.Span> busy = calendars.busy(team, windowStart, windowEnd, providers).stream()
                        .map(b -> new SlotFinder.Span(b[0], b[1])).toList();
                for (Instant start : SlotFinder.find(from, to, clinic.zone(), hours, closed, type.duration(), type.setup(),
                        type.turnover(), Duration.ofMinutes(stepMinutes), busy, now, wanted)) {
                    earliest.putIfAbsent(clinic.id() + "|" + start, new Offer(start, start.plus(type.duration()), clinic.id(),
                            providers.isEmpty() ? null : providers.getFirst(), providers, rooms, equipment));
                }
            }
        }
        return earliest.values().stream().sorted(java.util.Comparator.comparing(Offer::start).thenComparing(Offer::locationId))
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
