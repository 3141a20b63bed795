package health.liaison.notifications.careplans;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The start of each appointment of the caller's practice group, kept from AppointmentBooked and AppointmentRescheduled.
 * Scheduling keys its topic by appointment, so the events of one appointment arrive in order and the last one wins.
 */
@Component
class AppointmentStarts {

    private final TenantStore<AppointmentStart> store;

    AppointmentStarts(TenantStores stores) {
        this.store = stores.of(AppointmentStart.class, "appointment_starts", "appointment-start");
    }

    void record(String appointmentId, String locationId, Instant start, Instant now) {
        AppointmentStart next = new AppointmentStart(appointmentId, locationId, start, now);
        try {
            store.insert(next, List.of(), locationId);
        } catch (DuplicateKeyException known) {
            store.modify(appointmentId, current -> TenantStore.Change.quietly(next));
        }
    }

    Optional<Instant> startOf(String appointmentId) {
        return appointmentId == null ? Optional.empty() : store.find(appointmentId).map(Versioned::value).map(AppointmentStart::start);
    }
}
