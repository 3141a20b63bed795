package health.liaison.scheduling.waitlist;

import health.liaison.platform.events.scheduling.WaitlistSlotOffered;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.booking.Appointment;
import health.liaison.scheduling.booking.Bookings;
import health.liaison.scheduling.booking.SlotFreed;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The waitlist: patients who want an earlier date. When an appointment gives its time back, the slot is offered
 * to the first few waiting patients it fits (oldest first), each told by a WaitlistSlotOffered event, for a limited
 * time. Accepting books the slot through the normal booking path, so of several patients accepting the same offer
 * exactly one gets it; the others get 409.
 */
@RestController
@RequestMapping("/api/scheduling/v1/waitlist")
class Waitlist {

    private static final Logger log = LoggerFactory.getLogger(Waitlist.class);

    private final TenantStore<WaitlistEntry> entries;
    private final AppointmentTypes types;
    private final Bookings bookings;
    private final Clock clock;
    private final health.liaison.scheduling.locations.Clinics clinics;
    private final Duration offerFor;
    private final int offersPerSlot;

    Waitlist(TenantStores stores, AppointmentTypes types, Bookings bookings, Clock clock,
             health.liaison.scheduling.locations.Clinics clinics,
             @Value("${liaison.scheduling.waitlist.offer-duration:PT2H}") Duration offerFor,
             @Value("${liaison.scheduling.waitlist.offers-per-slot:3}") int offersPerSlot) {
        this.entries = stores.of(WaitlistEntry.class, "waitlist", "waitlist entry");
        this.types = types;
        this.bookings = bookings;
        this.clock = clock;
        this.clinics = clinics;
        this.offerFor = offerFor;
        this.offersPerSlot = offersPerSlot;
    }

    record Join(@NotBlank @Size(max = 64) String patientId, @NotBlank @Size(max = 64) String appointmentTypeId,
                @NotEmpty @Size(max = 10) List<@NotBlank String> locationIds, @Size(max = 20) List<String> providerIds,
                @NotNull @WithinTimeBounds LocalDate from, @NotNull @WithinTimeBounds LocalDate to) {
    }

    @Operation(summary = "Put a patient on the waitlist for an earlier date (clinics, optional providers, a date window)")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    ResponseEntity<WaitlistEntry> join(@Valid @RequestBody Join request) {
        types.find(request.appointmentTypeId()).orElseThrow(() -> ApiProblem.invalid("appointmentTypeId", "is not an appointment type of your practice"));
        if (request.to().isBefore(request.from())) {
            throw ApiProblem.invalid("to", "must not be before from");
        }
        for (String location : request.locationIds()) {
            if (!Callers.current().worksAt(location) && !Callers.current().hasRole("ADMIN")) {
                throw ApiProblem.invalid("locationIds", location + " is not one of your clinics");
            }
        }
        WaitlistEntry entry = new WaitlistEntry(UUID.randomUUID().toString(), request.patientId(), request.appointmentTypeId(),
                request.locationIds(), request.providerIds(), request.from(), request.to(),
                WaitlistEntry.WAITING, List.of(), null, clock.instant(), Callers.current().userId());
        entries.insert(entry, List.of(), request.locationIds().getFirst());
        return ResponseEntity.status(HttpStatus.CREATED).body(entry);
    }

    @Operation(summary = "Who is waiting at a clinic, oldest first, with the offers they have; paged (size up to 200)")
    @GetMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    Page<WaitlistEntry> waiting(@RequestParam String locationId, @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        return entries.page(Criteria.where("locationIds").is(locationId).and("status").is(WaitlistEntry.WAITING),
                Sort.by("createdAt"), Paging.of(page, size));
    }

    @Operation(summary = "Take a patient off the waitlist")
    @PostMapping("/{entryId}/withdrawal")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    WaitlistEntry withdraw(@PathVariable String entryId) {
        return entries.modify(entryId, e -> TenantStore.Change.quietly(WaitlistEntry.WAITING.equals(e.status()) ? e.withdrawn() : e)).value();
    }

    /** A slot came free: offer it to the first waiting patients it fits. */
    @EventListener
    void slotFreed(SlotFreed freed) {
        if (!freed.start().isAfter(clock.instant())) {
            return;
        }
        try {
            List<WaitlistEntry> candidates = entries.find(Criteria.where("status").is(WaitlistEntry.WAITING)
                    .and("appointmentTypeId").is(freed.appointmentTypeId()).and("locationIds").is(freed.locationId()),
                    Sort.by("createdAt"), 200);
            java.time.ZoneId zone = clinics.find(freed.locationId()).map(c -> c.zone()).orElse(ZoneOffset.UTC);
            LocalDate day = freed.start().atZone(zone).toLocalDate();
            int offered = 0;
            Instant now = clock.instant();
            for (WaitlistEntry entry : candidates) {
                if (offered >= offersPerSlot) {
                    break;
                }
                if (!entry.fits(freed.locationId(), freed.appointmentTypeId(), freed.providerIds(), day)) {
                    continue;
                }
                WaitlistEntry.Offer offer = new WaitlistEntry.Offer(UUID.randomUUID().toString(), freed.locationId(),
                        freed.providerIds(), freed.roomIds(), freed.start(), now.plus(offerFor));
                entries.modify(entry.id(), e -> TenantStore.Change.of(e.offered(offer), List.of(new WaitlistSlotOffered(offer.id(),
                        e.id(), e.patientId(), offer.locationId(), e.appointmentTypeId(), offer.start(), offer.expiresAt())), offer.locationId()));
                offered++;
            }
        } catch (RuntimeException e) {
            // the cancellation stands; the waitlist misses this slot rather than failing it
            log.warn("Offering a freed slot to the waitlist failed: {}", e.getClass().getSimpleName());
        }
    }

    @Operation(summary = "Accept an offer: books the slot if nobody was quicker (409 otherwise)")
    @PostMapping("/{entryId}/offers/{offerId}/acceptance")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN','PATIENT')")
    ResponseEntity<WaitlistEntry> accept(@PathVariable String entryId, @PathVariable String offerId) {
        Versioned<WaitlistEntry> current = entries.get(entryId);
        WaitlistEntry entry = current.value();
        if (Callers.current().hasRole("PATIENT") && !entry.patientId().equals(Callers.current().patientId())) {
            throw ApiProblem.notFound("waitlist entry");
        }
        WaitlistEntry.Offer offer = entry.offers().stream().filter(o -> o.id().equals(offerId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("offer"));
        if (!WaitlistEntry.WAITING.equals(entry.status())) {
            throw ApiProblem.conflict("waitlist-closed", "This waitlist entry is " + entry.status() + ".");
        }
        if (!offer.expiresAt().isAfter(clock.instant())) {
            throw ApiProblem.conflict("offer-expired", "This offer lapsed at " + offer.expiresAt() + ".");
        }
        AppointmentType type = types.find(entry.appointmentTypeId()).orElseThrow(() -> ApiProblem.notFound("appointment type"));
        Appointment booked = bookings.bookFor("wl-" + offerId, entry.patientId(), offer.locationId(), type,
                offer.providerIds(), offer.roomIds(), List.of(), offer.start(), null);
        Versioned<WaitlistEntry> done = entries.modify(entryId, e -> TenantStore.Change.quietly(
                WaitlistEntry.WAITING.equals(e.status()) ? e.booked(booked.id()) : e));
        return ResponseEntity.ok(done.value());
    }
}
