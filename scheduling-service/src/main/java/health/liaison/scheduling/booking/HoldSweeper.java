package health.liaison.scheduling.booking;

import com.mongodb.client.model.IndexOptions;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.observability.JobHeartbeats;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Lets holds lapse: a held appointment past its expiry becomes HOLD_EXPIRED and frees its resources. Safe with any
 * number of replicas and against a racing confirmation: every transition is a versioned single-document update, so
 * exactly one of "confirm" and "lapse" wins and the other sees the new state and does nothing.
 */
@Component
@EnableScheduling
class HoldSweeper {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);
    private final MongoTemplate mongo;
    private final TenantStore<Appointment> appointments;
    private final ResourceCalendars calendars;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher publisher;

    private final JobHeartbeats heartbeats;

    HoldSweeper(MongoTemplate mongo, TenantStores stores, ResourceCalendars calendars, Clock clock,
                org.springframework.context.ApplicationEventPublisher publisher, JobHeartbeats heartbeats) {
        this.publisher = publisher;
        this.heartbeats = heartbeats;
        this.mongo = mongo;
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.calendars = calendars;
        this.clock = clock;
        // the sweep's work list: held appointments by expiry
        mongo.getCollection("appointments").createIndex(new Document("status", 1).append("holdExpiresAt", 1),
                new IndexOptions().name("holds_due"));
    }

    @Scheduled(fixedDelayString = "${liaison.scheduling.hold-sweep-interval:1s}")
    void lapseExpiredHolds() {
        Instant now = clock.instant();
        // across practice groups: find the due ones by their stored fields, then act as each one's tenant
        for (Document due : mongo.getCollection("appointments").find(new Document("status", "HELD")
                .append("holdExpiresAt", new Document("$lte", Date.from(now)))).limit(200)) {
            String tenant = due.getString("tenantId");
            String id = due.getString("_id");
            Callers.runAs(Caller.system(tenant), () -> lapse(id, now));
        }
        heartbeats.ran("hold-sweeper");
    }

    private void lapse(String id, Instant now) {
        try {
            Versioned<Appointment> lapsed = appointments.modify(id, current -> {
                if (current.status() != Appointment.Status.HELD || current.holdExpiresAt().isAfter(now)) {
                    throw new NothingToDo();
                }
                Appointment next = current.lapse();
                return TenantStore.Change.of(next, List.of(new AppointmentHoldExpired(next.id(), next.patientId(),
                        next.locationId(), next.start(), now)), next.locationId());
            });
            lapsed.value().resources().forEach(resource -> calendars.release(resource, lapsed.value().claimId(), lapsed.value().busy()));
            publisher.publishEvent(SlotFreed.of(lapsed.value()));
            log.info("Hold on appointment {} lapsed", id);
        } catch (NothingToDo | ApiProblem confirmedOrGoneMeanwhile) {
            // another replica lapsed it, or it was confirmed or cancelled first
        }
    }

    private static final class NothingToDo extends RuntimeException {
        NothingToDo() {
            super(null, null, false, false);
        }
    }
}
