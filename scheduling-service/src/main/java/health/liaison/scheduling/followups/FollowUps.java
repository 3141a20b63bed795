package health.liaison.scheduling.followups;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.availability.Availability;
import health.liaison.scheduling.booking.Appointment;
import health.liaison.scheduling.booking.AppointmentView;
import health.liaison.scheduling.booking.Bookings;
import health.liaison.scheduling.locations.Clinic;
import health.liaison.scheduling.locations.Clinics;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A surgery's post-op follow-up series (e.g. day 1, week 1, month 1): the type names the offsets and the type they
 * are booked as; each is proposed on the first free time with the same surgeon at the same clinic, from the target
 * day up to three days later, and the whole series can be booked at once. Follow-up ids derive from the surgery and
 * the offset, so booking the series twice books nothing twice.
 */
@RestController
@RequestMapping("/api/scheduling/v1/appointments/{appointmentId}/follow-ups")
class FollowUps {

    private final TenantStore<Appointment> appointments;
    private final AppointmentTypes types;
    private final Clinics clinics;
    private final Availability availability;
    private final Bookings bookings;

    FollowUps(TenantStores stores, AppointmentTypes types, Clinics clinics, Availability availability, Bookings bookings) {
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.types = types;
        this.clinics = clinics;
        this.availability = availability;
        this.bookings = bookings;
    }

    record Proposal(String offset, String appointmentTypeId, String providerId, Instant start, String note) {
    }

    record Booked(List<AppointmentView> booked, List<Proposal> notBooked) {
    }

    @Operation(summary = "The surgery's post-op follow-ups, each on the first free time near its target day")
    @GetMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    List<Proposal> propose(@PathVariable String appointmentId) {
        Appointment surgery = appointments.get(appointmentId).value();
        AppointmentType type = types.find(surgery.appointmentTypeId()).orElseThrow(() -> ApiProblem.notFound("appointment type"));
        if (type.followUps().isEmpty()) {
            return List.of();
        }
        AppointmentType followUp = types.find(type.followUpTypeId())
                .orElseThrow(() -> ApiProblem.unprocessable("follow-up-type-missing", "The follow-up type " + type.followUpTypeId()
                        + " is not defined; define it first."));
        Clinic clinic = clinics.find(surgery.locationId())
                .orElseThrow(() -> ApiProblem.unprocessable("clinic-undefined", "The clinic's hours are not defined."));
        String surgeon = surgery.providerIds().getFirst();
        LocalDate surgeryDay = surgery.start().atZone(clinic.zone()).toLocalDate();
        List<Proposal> proposals = new ArrayList<>();
        for (String offset : type.followUps()) {
            LocalDate target = surgeryDay.plus(java.time.Period.parse(offset));
            List<Instant> free = availability.freeStarts(followUp, clinic, List.of(surgeon), target, target.plusDays(3), 15, 1);
            proposals.add(free.isEmpty()
                    ? new Proposal(offset, followUp.id(), surgeon, null, "no free time with " + surgeon + " from " + target + " to " + target.plusDays(3))
                    : new Proposal(offset, followUp.id(), surgeon, free.getFirst(), null));
        }
        return proposals;
    }

    @Operation(summary = "Book the whole follow-up series as proposed; those that cannot be had are listed")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN')")
    ResponseEntity<Booked> book(@PathVariable String appointmentId) {
        Appointment surgery = appointments.get(appointmentId).value();
        List<AppointmentView> booked = new ArrayList<>();
        List<Proposal> notBooked = new ArrayList<>();
        for (Proposal proposal : propose(appointmentId)) {
            if (proposal.start() == null) {
                notBooked.add(proposal);
                continue;
            }
            AppointmentType followUp = types.find(proposal.appointmentTypeId()).orElseThrow();
            try {
                booked.add(AppointmentView.of(bookings.bookFor(appointmentId + "-fu-" + proposal.offset(), surgery.patientId(),
                        surgery.locationId(), followUp, List.of(proposal.providerId()), List.of(), List.of(), proposal.start(), null)));
            } catch (ApiProblem taken) {
                notBooked.add(new Proposal(proposal.offset(), proposal.appointmentTypeId(), proposal.providerId(), proposal.start(),
                        taken.getMessage()));
            }
        }
        return ResponseEntity.ok(new Booked(booked, notBooked));
    }
}
