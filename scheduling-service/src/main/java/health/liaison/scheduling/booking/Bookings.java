package health.liaison.scheduling.booking;

import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentConfirmed;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.locations.Clinic;
import health.liaison.scheduling.locations.Clinics;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Booking without double booking. Every resource an appointment needs (surgeon, anesthesia provider, operating
 * room...) is claimed in one fixed order with a conditional single-document write; if any is taken, the ones
 * already claimed are released and the caller gets 409 naming which resource is taken — never whose appointment
 * holds it. The appointment and its AppointmentBooked event are then stored in one write.
 */
@RestController
@RequestMapping("/api/scheduling/v1/appointments")
public class Bookings {

    private final TenantStore<Appointment> appointments;
    private final ResourceCalendars calendars;
    private final AppointmentTypes types;
    private final IdempotentRequests idempotency;
    private final Clinics clinics;
    private final health.liaison.scheduling.resources.Resources resources;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher publisher;
    private final TenantStore<org.bson.Document> priorAuthorizations;

    Bookings(TenantStores stores, ResourceCalendars calendars, AppointmentTypes types, IdempotentRequests idempotency,
             Clinics clinics, health.liaison.scheduling.resources.Resources resources, Clock clock,
             org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.priorAuthorizations = stores.of(org.bson.Document.class, "prior_authorizations", "prior authorization");
        this.resources = resources;
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.calendars = calendars;
        this.types = types;
        this.idempotency = idempotency;
        this.clinics = clinics;
        this.clock = clock;
    }

    /** When the clinic's hours are known, the patient's time must fall inside them, in the clinic's own zone. */
    private static void requireOpen(java.util.Optional<Clinic> known, Instant start, AppointmentType type) {
        known.ifPresent(clinic -> {
            ZonedDateTime localStart = start.atZone(clinic.zone());
            ZonedDateTime localEnd = start.plus(type.duration()).atZone(clinic.zone());
            boolean open = localStart.toLocalDate().equals(localEnd.toLocalDate())
                    && clinic.hours().getOrDefault(localStart.getDayOfWeek(), List.of()).stream()
                    .anyMatch(h -> !localStart.toLocalTime().isBefore(h.opens()) && !localEnd.toLocalTime().isAfter(h.closes()));
            if (!open) {
                throw ApiProblem.invalid("start", "is outside the clinic's opening hours (" + localStart.toLocalTime()
                        + " on " + localStart.getDayOfWeek() + ", " + clinic.zoneId() + ")");
            }
        });
    }

    record BookAppointment(@NotBlank @Size(max = 64) String patientId,
                           @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId,
                           @NotBlank @Size(max = 64) String appointmentTypeId,
                           @NotEmpty @Size(max = 5) List<@NotBlank @Size(max = 64) String> providerIds,
                           @Size(max = 3) List<@NotBlank @Size(max = 64) String> roomIds,
                           @Size(max = 5) List<@NotBlank @Size(max = 64) String> equipmentIds,
                           @NotNull @WithinTimeBounds Instant start,
                           @Min(1) @Max(20160) Integer holdMinutes) {
    }

    record Reschedule(@NotNull @WithinTimeBounds Instant start) {
    }

    record CancelAppointment(@NotNull @Pattern(regexp = "PATIENT_REQUEST|PROVIDER_UNAVAILABLE|MEDICAL|NO_DEPOSIT|OTHER",
            message = "must be PATIENT_REQUEST, PROVIDER_UNAVAILABLE, MEDICAL, NO_DEPOSIT or OTHER") String reasonCode) {
    }

    @Operation(summary = "Book an appointment; every resource it needs is claimed atomically; honours Idempotency-Key")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    ResponseEntity<AppointmentView> book(@Valid @RequestBody BookAppointment request,
                                     @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        Caller caller = Callers.current();
        if (!caller.worksAt(request.locationId())) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        AppointmentType type = types.find(request.appointmentTypeId())
                .orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "is not an appointment type of your practice"));
        if (!request.start().isAfter(clock.instant())) {
            throw ApiProblem.invalid("start", "must be in the future");
        }
        // without a key the id is a new random one: no appointment can be stored under it yet, so it is not looked up
        boolean newId = key == null || key.isBlank();
        IdempotentRequests.Outcome outcome = idempotency.run("booking", key, request.toString(), id -> bookFor(id, newId,
                request.patientId(), request.locationId(), type, request.providerIds(), request.roomIds(),
                request.equipmentIds(), request.start(), request.holdMinutes()).id());
        Versioned<Appointment> stored = appointments.get(outcome.resourceId());
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/scheduling/v1/appointments/" + outcome.resourceId()))
                .eTag(stored.etag()).body(AppointmentView.of(stored.value()));
    }

    /**
     * Books an appointment under a given id after the booking rules, claiming every resource atomically (409
     * naming the taken one): the one path for the API, the waitlist and follow-up series. Booking an id that exists
     * returns the stored appointment (a retry).
     */
    public Appointment bookFor(String id, String patientId, String locationId, AppointmentType type, List<String> providerIds,
                               List<String> roomIds, List<String> equipmentIds, Instant start, Integer holdMinutes) {
        return bookFor(id, false, patientId, locationId, type, providerIds, roomIds, equipmentIds, start, holdMinutes);
    }

    private Appointment bookFor(String id, boolean newId, String patientId, String locationId, AppointmentType type,
                                List<String> providerIds, List<String> roomIds, List<String> equipmentIds, Instant start,
                                Integer holdMinutes) {
        java.util.Optional<Versioned<Appointment>> existing = newId ? java.util.Optional.empty() : appointments.find(id);
        if (existing.isPresent()) {
            return existing.get().value();
        }
        if (!start.isAfter(clock.instant())) {
            throw ApiProblem.invalid("start", "must be in the future");
        }
        java.util.Optional<Clinic> clinic = clinics.find(locationId);
        requireOpen(clinic, start, type);
        BookingRules.check(type, clinic, locationId, providerIds, roomIds, equipmentIds, start,
                start.plus(type.duration()), resources);
        BookingRules.requirePrerequisites(type, patientId, appointments);
        // rooms and equipment are claimed alike: places and things that cannot be in two appointments at once
        List<String> rooms = new ArrayList<>(roomIds == null ? List.of() : roomIds);
        if (equipmentIds != null) {
            rooms.addAll(equipmentIds);
        }
        Instant holdUntil = holdMinutes == null ? null : clock.instant().plus(Duration.ofMinutes(holdMinutes));
        Appointment appointment = Appointment.book(id, patientId, locationId, type, providerIds, rooms, start, holdUntil);
        claimAll(appointment, appointment.claimId(), appointment.busy());
        try {
            appointments.insert(appointment, List.of(holdUntil == null ? booked(appointment) : held(appointment)),
                    appointment.locationId());
        } catch (RuntimeException failure) {
            appointment.resources().forEach(resource -> calendars.release(resource, appointment.claimId(), appointment.busy()));
            throw failure;
        }
        return appointment;
    }

    /**
     * Read an appointment. The care team and the front desk read the appointments of their clinics (an administrator
     * every clinic's); billing staff read them too, for charge capture (type, date, status, no-show, cancellation);
     * a patient reads only their own (another's answers 404, like an unknown id); inventory staff read none.
     */
    @Operation(summary = "Read an appointment (a patient: only their own)")
    @GetMapping("/{appointmentId}")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','BILLING','ADMIN','PATIENT')")
    ResponseEntity<AppointmentView> read(@PathVariable String appointmentId) {
        Versioned<Appointment> appointment = appointments.get(appointmentId);
        Caller caller = Callers.current();
        if (caller.hasRole("PATIENT")) {
            if (!appointment.value().patientId().equals(caller.patientId())) {
                throw ApiProblem.notFound("appointment");
            }
        } else if (!caller.hasRole("ADMIN") && !caller.worksAt(appointment.value().locationId())) {
            throw ApiProblem.forbidden("This appointment is at a clinic you do not work at.");
        }
        return ResponseEntity.ok().eTag(appointment.etag()).body(AppointmentView.of(appointment.value()));
    }

    @Operation(summary = "Cancel an appointment with a reason code; its resources are free again at once")
    @PostMapping("/{appointmentId}/cancellation")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    ResponseEntity<AppointmentView> cancel(@PathVariable String appointmentId, @Valid @RequestBody CancelAppointment request) {
        Caller caller = Callers.current();
        Instant now = clock.instant();
        Versioned<Appointment> cancelled = appointments.modify(appointmentId, current -> {
            if (!current.holdsResources()) {
                throw ApiProblem.conflict("not-active", "This appointment is already " + current.status() + ".");
            }
            Appointment next = current.cancel(request.reasonCode(), caller.userId(), now);
            return TenantStore.Change.of(next, List.of(new AppointmentCancelled(next.id(), next.patientId(), next.locationId(),
                    next.appointmentTypeId(), next.category().name(), next.start(), request.reasonCode(), now)), next.locationId());
        });
        cancelled.value().resources().forEach(resource -> calendars.release(resource, cancelled.value().claimId(), cancelled.value().busy()));
        publisher.publishEvent(SlotFreed.of(cancelled.value()));
        return ResponseEntity.ok().eTag(cancelled.etag()).body(AppointmentView.of(cancelled.value()));
    }

    /** How a confirmation from a paid deposit ended. */
    public enum Confirmation { CONFIRMED, ALREADY, LAPSED, NOT_HELD, NEEDS_PRIOR_AUTHORIZATION, UNKNOWN }

    /** Confirms a held surgery because its deposit was paid (billing's event); never throws for an expected state. */
    public Confirmation confirmForDeposit(String appointmentId) {
        java.util.Optional<Versioned<Appointment>> found = appointments.find(appointmentId);
        if (found.isEmpty()) {
            return Confirmation.UNKNOWN;
        }
        Appointment a = found.get().value();
        if (a.status() == Appointment.Status.BOOKED || a.status() == Appointment.Status.CHECKED_IN || a.status() == Appointment.Status.COMPLETED) {
            return Confirmation.ALREADY;
        }
        if (a.status() != Appointment.Status.HELD) {
            return Confirmation.NOT_HELD;
        }
        try {
            confirmHeld(appointmentId, AppointmentConfirmed.DEPOSIT_PAID);
            return Confirmation.CONFIRMED;
        } catch (ApiProblem refused) {
            return refused.getMessage() != null && refused.getMessage().contains("prior authorization")
                    ? Confirmation.NEEDS_PRIOR_AUTHORIZATION : Confirmation.LAPSED;
        }
    }

    @Operation(summary = "Confirm a held appointment (e.g. the deposit was paid) before its hold lapses")
    @PostMapping("/{appointmentId}/confirmation")
    @PreAuthorize("hasAnyRole('COORDINATOR','BILLING','ADMIN')")
    ResponseEntity<AppointmentView> confirm(@PathVariable String appointmentId) {
        Versioned<Appointment> confirmed = confirmHeld(appointmentId, AppointmentConfirmed.CONFIRMED_BY_STAFF);
        return ResponseEntity.ok().eTag(confirmed.etag()).body(AppointmentView.of(confirmed.value()));
    }

    private Versioned<Appointment> confirmHeld(String appointmentId, String cause) {
        Instant now = clock.instant();
        Appointment held = appointments.get(appointmentId).value();
        types.find(held.appointmentTypeId()).filter(AppointmentType::requiresPriorAuthorization).ifPresent(type -> {
            java.time.LocalDate day = held.start().atZone(clinics.find(held.locationId()).map(c -> c.zone())
                    .orElse(java.time.ZoneOffset.UTC)).toLocalDate();
            boolean approved = priorAuthorizations.find(org.springframework.data.mongodb.core.query.Criteria.where("appointmentId").is(appointmentId)
                            .and("decision").is("APPROVED"), org.springframework.data.domain.Sort.by("_id"), 20).stream()
                    .anyMatch(d -> !day.isBefore(d.getDate("validFrom").toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate())
                            && !day.isAfter(d.getDate("validTo").toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate()));
            if (!approved) {
                throw ApiProblem.conflict("prior-authorization-missing", "A " + type.name() + " is confirmed only with an approved "
                        + "prior authorization covering " + day + "; none is on file yet.");
            }
        });
        return appointments.modify(appointmentId, current -> {
            if (current.status() != Appointment.Status.HELD || !current.holdExpiresAt().isAfter(now)) {
                throw ApiProblem.conflict("not-held", "Only a held appointment whose hold has not lapsed can be confirmed; this one is "
                        + (current.status() == Appointment.Status.HELD ? "past its hold" : current.status()) + ".");
            }
            Appointment next = current.confirm(now);
            // booked first: it is what inventory, notifications, records and billing act on; confirmed says why
            return TenantStore.Change.of(next, List.<health.liaison.platform.events.DomainEvent>of(booked(next), new AppointmentConfirmed(next.id(), next.patientId(),
                    next.locationId(), next.appointmentTypeId(), next.category().name(), next.start(), cause, now)), next.locationId());
        });
    }

    @Operation(summary = "Move an appointment: the new time is claimed first, so if it cannot be had the original stays")
    @PostMapping("/{appointmentId}/reschedule")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    ResponseEntity<AppointmentView> reschedule(@PathVariable String appointmentId, @Valid @RequestBody Reschedule request) {
        if (!request.start().isAfter(clock.instant())) {
            throw ApiProblem.invalid("start", "must be in the future");
        }
        Versioned<Appointment> current = appointments.get(appointmentId);
        Appointment before = current.value();
        if (!before.holdsResources()) {
            throw ApiProblem.conflict("not-active", "This appointment is " + before.status() + " and cannot be moved.");
        }
        Appointment after = before.movedTo(request.start());
        AppointmentType type = types.find(before.appointmentTypeId()).orElse(null);
        java.util.Optional<Clinic> clinic = clinics.find(before.locationId());
        if (type != null) {
            requireOpen(clinic, request.start(), type);
        }
        BookingRules.checkTime(clinic, before.locationId(),
                BookingRules.providers(before.providerIds(), resources), after.start(), after.end());
        String newClaim = after.claimId();
        if (newClaim.equals(before.claimId())) {
            return ResponseEntity.ok().eTag(current.etag()).body(AppointmentView.of(before));
        }
        claimAll(after, newClaim, after.busy());
        Versioned<Appointment> moved;
        try {
            moved = appointments.update(appointmentId, current.version(), after, List.of(new AppointmentRescheduled(
                    after.id(), after.patientId(), after.locationId(), after.appointmentTypeId(), after.category().name(),
                    after.providerIds(), after.roomIds(), before.start(), after.start(), after.end())), after.locationId());
        } catch (RuntimeException failure) {
            after.resources().forEach(resource -> calendars.release(resource, newClaim, after.busy()));
            throw failure;
        }
        before.resources().forEach(resource -> calendars.release(resource, before.claimId(), before.busy()));
        publisher.publishEvent(SlotFreed.of(before));
        return ResponseEntity.ok().eTag(moved.etag()).body(AppointmentView.of(moved.value()));
    }

    private void claimAll(Appointment appointment, String claimId, Interval interval) {
        List<String> claimed = new ArrayList<>();
        for (String resource : appointment.resources()) {
            if (!calendars.claim(resource, appointment.id(), claimId, interval, appointment.providerIds(), null)) {
                claimed.forEach(done -> calendars.release(done, claimId, interval));
                String kind = appointment.roomIds().contains(resource) ? "room" : "provider";
                throw ApiProblem.conflict("resource-taken", "The " + kind + " " + resource
                        + " is already booked at that time (including set-up and turnover).",
                        Map.of("resource", resource, "resourceKind", kind));
            }
            claimed.add(resource);
        }
    }

    private static AppointmentHeld held(Appointment a) {
        return new AppointmentHeld(a.id(), a.patientId(), a.locationId(), a.appointmentTypeId(), a.category().name(),
                a.start(), a.end(), a.holdExpiresAt());
    }

    private static AppointmentBooked booked(Appointment a) {
        return new AppointmentBooked(a.id(), a.patientId(), a.locationId(), a.appointmentTypeId(), a.category().name(),
                a.providerIds(), a.roomIds(), a.start(), a.end());
    }
}
