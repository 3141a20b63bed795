package health.liaison.records.consents;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Follows scheduling's events to know each patient's upcoming surgeries and procedures. */
@Component
class UpcomingSurgeries {

    private static final Set<String> NEEDS_CONSENT = Set.of("SURGERY", "PROCEDURE");

    private final TenantStore<UpcomingSurgery> surgeries;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    UpcomingSurgeries(TenantStores stores, EventInbox inbox, Clock clock) {
        this.surgeries = stores.of(UpcomingSurgery.class, "upcoming_surgeries", "surgery");
        this.clock = clock;
        this.reaction = inbox.reaction("records-upcoming-surgeries")
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, this::rescheduled)
                .on(AppointmentCancelled.class, e -> status(e.payload().appointmentId(), "CANCELLED"))
                .on(AppointmentCompleted.class, e -> status(e.payload().appointmentId(), "COMPLETED"));
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.upcoming-surgeries")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked b = event.payload();
        if (!NEEDS_CONSENT.contains(b.category())) {
            return;
        }
        try {
            surgeries.insert(new UpcomingSurgery(b.appointmentId(), b.patientId(), b.locationId(), b.appointmentTypeId(),
                    b.start(), "BOOKED"), List.of(), b.locationId());
        } catch (DuplicateKeyException alreadyKnown) {
            // a redelivery, or a held surgery now confirmed
            status(b.appointmentId(), "BOOKED");
        }
    }

    private void rescheduled(ReceivedEvent<AppointmentRescheduled> event) {
        AppointmentRescheduled r = event.payload();
        if (surgeries.find(r.appointmentId()).isPresent()) {
            surgeries.modify(r.appointmentId(), s -> TenantStore.Change.quietly(new UpcomingSurgery(s.id(), s.patientId(),
                    s.locationId(), s.appointmentTypeId(), r.start(), s.status())));
        }
    }

    private void status(String appointmentId, String status) {
        if (surgeries.find(appointmentId).isPresent()) {
            surgeries.modify(appointmentId, s -> TenantStore.Change.quietly(new UpcomingSurgery(s.id(), s.patientId(),
                    s.locationId(), s.appointmentTypeId(), s.start(), status)));
        }
    }

    List<UpcomingSurgery> of(String patientId) {
        return surgeries.find(Criteria.where("patientId").is(patientId).and("status").is("BOOKED")
                .and("start").gt(clock.instant()), Sort.by("start"), 50);
    }
}
