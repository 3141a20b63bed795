package health.liaison.records.surgeries;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.notifications.MessageSent;
import health.liaison.platform.events.records.ClearanceChanged;
import health.liaison.platform.events.records.ConsentRevoked;
import health.liaison.platform.events.records.ConsentSigned;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.records.consents.Consents;
import health.liaison.records.photos.PhotosAndDocuments;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Follows each booked surgery's pre-op checklist from events: scheduling's (booked, moved, cancelled, completed),
 * records' own consent events, notification's "instructions sent", and added photos; the care team ticks the
 * manual items. Every change of the checklist publishes ClearanceChanged with what is still outstanding.
 */
@Service
public class SurgeryCases {

    private static final Set<String> NEEDS_CLEARANCE = Set.of("SURGERY", "PROCEDURE");
    /** The message kinds by which the notification service tells that pre-op instructions reached the patient. */
    static final Set<String> INSTRUCTION_KINDS = Set.of("PRE_OP_INSTRUCTIONS", "CARE_PLAN_PRE_OP");

    private final TenantStore<SurgeryCase> cases;
    private final Consents consents;
    private final PhotosAndDocuments files;
    private final Clock clock;
    private final EventInbox.Reaction scheduling;
    private final EventInbox.Reaction records;
    private final EventInbox.Reaction notifications;
    private final EventInbox.Reaction billing;

    SurgeryCases(TenantStores stores, Consents consents, PhotosAndDocuments files, EventInbox inbox, Clock clock) {
        this.cases = stores.of(SurgeryCase.class, "surgery_cases", "surgery");
        this.consents = consents;
        this.files = files;
        this.clock = clock;
        this.scheduling = inbox.reaction("records-surgery-cases")
                .on(AppointmentHeld.class, this::held)
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, e -> change(e.payload().appointmentId(), c -> c.withStatus(c.status(), e.payload().start())))
                .on(AppointmentCancelled.class, e -> change(e.payload().appointmentId(), c -> c.withStatus("CANCELLED", c.start())))
                .on(AppointmentHoldExpired.class, e -> change(e.payload().appointmentId(), c -> c.withStatus("CANCELLED", c.start())))
                .on(AppointmentCompleted.class, e -> change(e.payload().appointmentId(), c -> c.withStatus("COMPLETED", c.start())));
        this.records = inbox.reaction("records-surgery-consents")
                .on(ConsentSigned.class, e -> reevaluatePatient(e.payload().patientId()))
                .on(ConsentRevoked.class, e -> reevaluatePatient(e.payload().patientId()));
        this.notifications = inbox.reaction("records-surgery-instructions")
                .on(MessageSent.class, this::messageSent);
        this.billing = inbox.reaction("records-surgery-deposits")
                .on(health.liaison.platform.events.billing.DepositPaid.class, e -> {
                    if (e.payload().appointmentId() != null) {
                        tick(e.payload().appointmentId(), ChecklistItem.DEPOSIT_PAID, "billing " + e.payload().invoiceId(), null);
                    }
                });
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.surgery-cases")
    void onScheduling(ConsumerRecord<String, byte[]> record) {
        scheduling.accept(record);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.surgery-consents")
    void onRecords(ConsumerRecord<String, byte[]> record) {
        records.accept(record);
    }

    @KafkaListener(topics = Topics.NOTIFICATIONS_MESSAGE, groupId = "${spring.kafka.consumer.group-id}.surgery-instructions")
    void onNotifications(ConsumerRecord<String, byte[]> record) {
        notifications.accept(record);
    }

    @KafkaListener(topics = Topics.BILLING_INVOICE, groupId = "${spring.kafka.consumer.group-id}.surgery-deposits")
    void onBilling(ConsumerRecord<String, byte[]> record) {
        billing.accept(record);
    }

    @EventListener
    void fileAdded(PhotosAndDocuments.ChartFileAdded added) {
        reevaluatePatient(added.patientId());
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked b = event.payload();
        if (!NEEDS_CLEARANCE.contains(b.category())) {
            return;
        }
        try {
            cases.insert(SurgeryCase.booked(b.appointmentId(), b.patientId(), b.locationId(), b.appointmentTypeId(),
                    b.start(), clock.instant()), List.of(), b.locationId());
        } catch (DuplicateKeyException known) {
            // a held surgery now confirmed, or a redelivery
            change(b.appointmentId(), c -> c.withStatus("BOOKED", b.start()));
        }
        reevaluate(b.appointmentId());
    }

    /**
     * A surgery date held until its deposit is paid: the checklist opens now, so the deposit paid while it is held
     * (billing's event comes before scheduling's confirmation) is ticked, not lost.
     */
    private void held(ReceivedEvent<AppointmentHeld> event) {
        AppointmentHeld h = event.payload();
        if (!NEEDS_CLEARANCE.contains(h.category())) {
            return;
        }
        try {
            cases.insert(SurgeryCase.booked(h.appointmentId(), h.patientId(), h.locationId(), h.appointmentTypeId(),
                    h.start(), clock.instant()).withStatus("HELD", h.start()), List.of(), h.locationId());
        } catch (DuplicateKeyException known) {
            // a redelivery, or the booking came first: nothing to open
        }
    }

    private void messageSent(ReceivedEvent<MessageSent> event) {
        MessageSent sent = event.payload();
        if (sent.appointmentId() != null && INSTRUCTION_KINDS.contains(sent.kind())) {
            tick(sent.appointmentId(), ChecklistItem.INSTRUCTIONS_SENT, "notification " + sent.messageId(), sent.channel());
        }
    }

    /** Ticks an item (by a user, or by the event that completed it); publishes ClearanceChanged if it changed. */
    public Optional<Versioned<SurgeryCase>> tick(String appointmentId, ChecklistItem item, String by, String note) {
        if (cases.find(appointmentId).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(update(appointmentId, c -> c.checklist().containsKey(item.name()) ? c
                : c.tick(item, new SurgeryCase.Tick(by, now, note), now)));
    }

    public Versioned<SurgeryCase> untick(String appointmentId, ChecklistItem item) {
        Instant now = clock.instant();
        return update(appointmentId, c -> c.checklist().containsKey(item.name()) ? c.untick(item, now) : c);
    }

    /** Re-derives the items that follow from the record (consents, photos) for a patient's open cases. */
    void reevaluatePatient(String patientId) {
        for (SurgeryCase c : openCasesOf(patientId)) {
            reevaluate(c.id());
        }
    }

    private void reevaluate(String appointmentId) {
        update(appointmentId, c -> {
            if (!"BOOKED".equals(c.status())) {
                return c;
            }
            Instant now = clock.instant();
            SurgeryCase next = c;
            boolean consentsOk = consents.missingFor(c.patientId(), List.of(c.appointmentTypeId())).isEmpty();
            next = derived(next, ChecklistItem.CONSENTS_SIGNED, consentsOk, "consents on record", now);
            boolean photos = files.files(c.patientId()).stream()
                    .anyMatch(f -> "PHOTO".equals(f.kind()) && c.appointmentTypeId().equals(f.procedure()));
            next = derived(next, ChecklistItem.PRE_OP_PHOTOS, photos, "photos on record", now);
            return next;
        });
    }

    private static SurgeryCase derived(SurgeryCase c, ChecklistItem item, boolean holds, String by, Instant now) {
        boolean ticked = c.checklist().containsKey(item.name());
        if (holds && !ticked) {
            return c.tick(item, new SurgeryCase.Tick(by, now, null), now);
        }
        if (!holds && ticked) {
            return c.untick(item, now);
        }
        return c;
    }

    private void change(String appointmentId, UnaryOperator<SurgeryCase> change) {
        if (cases.find(appointmentId).isPresent()) {
            cases.modify(appointmentId, c -> TenantStore.Change.quietly(change.apply(c)));
        }
    }

    private Versioned<SurgeryCase> update(String appointmentId, UnaryOperator<SurgeryCase> change) {
        return cases.modify(appointmentId, c -> {
            SurgeryCase next = change.apply(c);
            if (next.checklist().equals(c.checklist())) {
                return TenantStore.Change.quietly(next);
            }
            return TenantStore.Change.of(next, List.of(new ClearanceChanged(c.id(), c.patientId(), c.locationId(),
                    next.cleared(), next.outstanding(), next.changedAt())), c.locationId());
        });
    }

    public Optional<SurgeryCase> find(String appointmentId) {
        return cases.find(appointmentId).map(Versioned::value);
    }

    public List<SurgeryCase> casesOf(String patientId) {
        return cases.find(Criteria.where("patientId").is(patientId), Sort.by("start"), 200);
    }

    List<SurgeryCase> openCasesOf(String patientId) {
        return cases.find(Criteria.where("patientId").is(patientId).and("status").is("BOOKED"), Sort.by("start"), 200);
    }
}
