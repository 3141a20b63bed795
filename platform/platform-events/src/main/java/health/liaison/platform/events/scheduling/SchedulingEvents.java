package health.liaison.platform.events.scheduling;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the scheduling area publishes. Each has a pinned JSON sample in the contract test. */
public final class SchedulingEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(AppointmentBooked.class, AppointmentRescheduled.class, AppointmentCancelled.class,
            AppointmentCompleted.class, AppointmentHeld.class, AppointmentHoldExpired.class, AppointmentCheckedIn.class,
            AppointmentNoShow.class, WaitlistSlotOffered.class, AppointmentConfirmed.class, LocationChanged.class,
            AppointmentFlowAdvanced.class);

    private SchedulingEvents() {
    }
}
