package health.liaison.scheduling.booking;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentFlowAdvanced;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The front desk and the clinical team move a patient through the visit: checked in, roomed, with the provider,
 * checked out; rooming and the provider's arrival publish AppointmentFlowAdvanced (reporting). Check-out completes the appointment and publishes AppointmentCompleted (billing captures charges,
 * inventory consumes the kit, the surgery's follow-ups follow).
 */
@RestController
@RequestMapping("/api/scheduling/v1/appointments/{appointmentId}")
class PatientFlow {

    private final TenantStore<Appointment> appointments;
    private final ResourceCalendars calendars;
    private final Clock clock;

    PatientFlow(TenantStores stores, ResourceCalendars calendars, Clock clock) {
        this.calendars = calendars;
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.clock = clock;
    }

    @Operation(summary = "The patient arrived")
    @PostMapping("/check-in")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<AppointmentView> checkIn(@PathVariable String appointmentId) {
        return step(appointmentId, Appointment.Step.CHECK_IN);
    }

    @Operation(summary = "The patient is in an exam or pre-op room")
    @PostMapping("/roomed")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<AppointmentView> roomed(@PathVariable String appointmentId) {
        return step(appointmentId, Appointment.Step.ROOMED);
    }

    @Operation(summary = "The provider is with the patient")
    @PostMapping("/with-provider")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<AppointmentView> withProvider(@PathVariable String appointmentId) {
        return step(appointmentId, Appointment.Step.WITH_PROVIDER);
    }

    @Operation(summary = "The patient left: the appointment is completed")
    @PostMapping("/check-out")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<AppointmentView> checkOut(@PathVariable String appointmentId) {
        return step(appointmentId, Appointment.Step.CHECK_OUT);
    }

    @Operation(summary = "The patient did not come")
    @PostMapping("/no-show")
    @PreAuthorize("hasAnyRole('COORDINATOR','NURSE','PROVIDER','ADMIN')")
    ResponseEntity<AppointmentView> noShow(@PathVariable String appointmentId) {
        Instant now = clock.instant();
        Versioned<Appointment> saved = appointments.modify(appointmentId, current -> {
            try {
                Appointment next = current.noShow();
                return TenantStore.Change.of(next, List.of(new health.liaison.platform.events.scheduling.AppointmentNoShow(next.id(),
                        next.patientId(), next.locationId(), next.appointmentTypeId(), next.category().name(), next.start(), now)),
                        next.locationId());
            } catch (IllegalStateException e) {
                throw ApiProblem.conflict("illegal-transition", "A no-show is recorded only for a booked appointment; this one is "
                        + current.status() + ".");
            }
        });
        // the time has passed: its resources need not be held any longer
        saved.value().resources().forEach(resource -> calendars.release(resource, saved.value().claimId(), saved.value().busy()));
        return ResponseEntity.ok().eTag(saved.etag()).body(AppointmentView.of(saved.value()));
    }

    private ResponseEntity<AppointmentView> step(String appointmentId, Appointment.Step step) {
        Instant now = clock.instant();
        Versioned<Appointment> saved = appointments.modify(appointmentId, current -> {
            Appointment next;
            try {
                next = current.advance(step, now);
            } catch (IllegalStateException e) {
                throw ApiProblem.conflict("illegal-transition", step.name().toLowerCase().replace('_', '-')
                        + " is not possible for an appointment that is " + current.status() + ".");
            }
            List<DomainEvent> events = switch (step) {
                case CHECK_OUT -> List.of(new AppointmentCompleted(next.id(), next.patientId(), next.locationId(),
                        next.appointmentTypeId(), next.category().name(), now));
                case CHECK_IN -> List.of(new health.liaison.platform.events.scheduling.AppointmentCheckedIn(next.id(),
                        next.patientId(), next.locationId(), next.appointmentTypeId(), next.category().name(), now));
                case ROOMED -> List.of(new AppointmentFlowAdvanced(next.id(), next.locationId(), AppointmentFlowAdvanced.ROOMED, now));
                case WITH_PROVIDER -> List.of(new AppointmentFlowAdvanced(next.id(), next.locationId(),
                        AppointmentFlowAdvanced.WITH_PROVIDER, now));
            };
            return TenantStore.Change.of(next, events, next.locationId());
        });
        return ResponseEntity.ok().eTag(saved.etag()).body(AppointmentView.of(saved.value()));
    }
}
