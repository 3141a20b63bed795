package health.liaison.scheduling.journey;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.PriorAuthorizationDecided;
import health.liaison.platform.events.billing.QuoteAccepted;
import health.liaison.platform.events.inventory.KitReleased;
import health.liaison.platform.events.inventory.KitReservationFailed;
import health.liaison.platform.events.inventory.KitReserved;
import health.liaison.platform.events.records.ClearanceChanged;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import io.swagger.v3.oas.annotations.Operation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The surgery case board: every planned surgery of a clinic with what is done and what blocks it — consultation,
 * quote, deposit, prior authorization, consents and checklist, instructions, kit — and the coordinator's next action.
 * Built from events only: no service is called to assemble it, so it keeps working when one is down and catches up
 * when it is back. Events may arrive in any order; each fills its part of the case.
 */
@RestController
class SurgeryBoard {

    private final TenantStore<SurgeryCase> cases;
    private final TenantStore<org.bson.Document> appointments;
    private final AppointmentTypes types;
    private final Clock clock;
    private final EventInbox.Reaction scheduling;
    private final EventInbox.Reaction others;

    SurgeryBoard(TenantStores stores, AppointmentTypes types, EventInbox inbox, Clock clock) {
        this.cases = stores.of(SurgeryCase.class, "surgery_cases", "surgery case");
        this.appointments = stores.of(org.bson.Document.class, "appointments", "appointment");
        this.types = types;
        this.clock = clock;
        this.scheduling = inbox.reaction("scheduling-surgery-board")
                .on(AppointmentHeld.class, e -> planned(e.payload().appointmentId(), e.payload().patientId(), e.payload().locationId(),
                        e.payload().appointmentTypeId(), e.payload().category(), e.payload().start(), "HELD"))
                .on(AppointmentBooked.class, e -> planned(e.payload().appointmentId(), e.payload().patientId(), e.payload().locationId(),
                        e.payload().appointmentTypeId(), e.payload().category(), e.payload().start(), "BOOKED"))
                .on(AppointmentRescheduled.class, e -> existing(e.payload().appointmentId(), c -> copy(c, c.status(), e.payload().start())))
                .on(AppointmentCancelled.class, e -> existing(e.payload().appointmentId(), c -> copy(c, "CANCELLED", c.start())))
                .on(AppointmentHoldExpired.class, e -> existing(e.payload().appointmentId(), c -> copy(c, "HOLD_EXPIRED", c.start())))
                .on(AppointmentCompleted.class, e -> {
                    if ("CONSULTATION".equals(e.payload().category())) {
                        for (SurgeryCase c : cases.find(Criteria.where("patientId").is(e.payload().patientId()), Sort.by("_id"), 50)) {
                            existing(c.id(), x -> new SurgeryCase(x.id(), x.patientId(), x.locationId(), x.appointmentTypeId(), x.start(),
                                    x.status(), x.requiresPriorAuthorization(), true, x.quoteId(), x.depositPaid(), x.priorAuthorization(),
                                    x.recordsOutstanding(), x.recordsKnown(), x.cleared(), x.kit(), x.kitShortages(), clock.instant()));
                        }
                    } else {
                        existing(e.payload().appointmentId(), c -> copy(c, "COMPLETED", c.start()));
                    }
                });
        this.others = inbox.reaction("scheduling-surgery-board-others")
                .on(QuoteAccepted.class, e -> {
                    if (e.payload().appointmentId() != null) {
                        upsert(e.payload().appointmentId(), c -> with(c, e.payload().quoteId(), c.depositPaid(), c.priorAuthorization()));
                    }
                })
                .on(DepositPaid.class, e -> {
                    if (e.payload().appointmentId() != null) {
                        upsert(e.payload().appointmentId(), c -> with(c, c.quoteId() == null ? e.payload().quoteId() : c.quoteId(), true,
                                c.priorAuthorization()));
                    }
                })
                .on(PriorAuthorizationDecided.class, e -> {
                    if (e.payload().appointmentId() != null) {
                        upsert(e.payload().appointmentId(), c -> with(c, c.quoteId(), c.depositPaid(), e.payload().decision()));
                    }
                })
                .on(ClearanceChanged.class, e -> upsert(e.payload().appointmentId(), c -> new SurgeryCase(c.id(), c.patientId(),
                        c.locationId(), c.appointmentTypeId(), c.start(), c.status(), c.requiresPriorAuthorization(), c.consultationCompleted(),
                        c.quoteId(), c.depositPaid(), c.priorAuthorization(), e.payload().outstanding(), true, e.payload().cleared(), c.kit(),
                        c.kitShortages(), clock.instant())))
                .on(KitReserved.class, e -> upsert(e.payload().appointmentId(), c -> kit(c, "RESERVED", List.of())))
                .on(KitReservationFailed.class, e -> upsert(e.payload().appointmentId(), c -> kit(c, "SHORT",
                        e.payload().shortages().stream().map(KitReservationFailed.Shortage::sku).toList())))
                .on(KitReleased.class, e -> upsert(e.payload().appointmentId(), c -> kit(c, "RELEASED", List.of())));
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.surgery-board")
    void onScheduling(ConsumerRecord<String, byte[]> record) {
        scheduling.accept(record);
    }

    @KafkaListener(topics = {Topics.BILLING_INVOICE, Topics.BILLING_CLAIM, Topics.RECORDS_PATIENT, Topics.INVENTORY_STOCK},
            groupId = "${spring.kafka.consumer.group-id}.surgery-board-others")
    void onOthers(ConsumerRecord<String, byte[]> record) {
        others.accept(record);
    }

    /** The board names patients by id: the care team and front desk, and billing staff who chase deposits and
     * prior authorizations from it; not inventory staff (they follow kits in inventory) nor patients. */
    static final String BOARD_READERS = "hasAnyRole('COORDINATOR','PROVIDER','NURSE','BILLING','ADMIN')";

    record CaseView(SurgeryCase surgery, List<String> blockers, String nextAction) {
        static CaseView of(SurgeryCase c) {
            return new CaseView(c, c.blockers(), c.nextAction());
        }
    }

    @Operation(summary = "A clinic's upcoming surgeries with what blocks each and the coordinator's next action; paged")
    @GetMapping("/api/scheduling/v1/surgery-cases")
    @org.springframework.security.access.prepost.PreAuthorize(BOARD_READERS)
    Page<CaseView> board(@RequestParam String locationId, @RequestParam(defaultValue = "false") boolean includeClosed,
                         @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        Criteria criteria = Criteria.where("locationId").is(locationId);
        if (!includeClosed) {
            criteria = criteria.and("status").in("HELD", "BOOKED").and("start").gte(Date.from(clock.instant()));
        }
        return cases.page(criteria, Sort.by("start"), paging).map(CaseView::of);
    }

    @Operation(summary = "One surgery case: done, blocking, next action")
    @GetMapping("/api/scheduling/v1/surgery-cases/{appointmentId}")
    @org.springframework.security.access.prepost.PreAuthorize(BOARD_READERS)
    CaseView one(@PathVariable String appointmentId) {
        return CaseView.of(cases.get(appointmentId).value());
    }

    private void planned(String id, String patientId, String locationId, String typeId, String category, Instant start, String status) {
        if (!"SURGERY".equals(category)) {
            return;
        }
        boolean consulted = appointments.count(Criteria.where("patientId").is(patientId).and("status").is("COMPLETED")
                .and("category").is("CONSULTATION")) > 0;
        boolean needsAuthorization = types.find(typeId).map(AppointmentType::requiresPriorAuthorization).orElse(false);
        upsert(id, c -> new SurgeryCase(id, patientId, locationId, typeId, start, status, needsAuthorization,
                consulted || c.consultationCompleted(), c.quoteId(), c.depositPaid(),
                needsAuthorization && "NOT_REQUIRED".equals(c.priorAuthorization()) ? "PENDING" : c.priorAuthorization(),
                c.recordsOutstanding(), c.recordsKnown(), c.cleared(), c.kit(), c.kitShortages(), clock.instant()));
    }

    private void upsert(String id, UnaryOperator<SurgeryCase> change) {
        if (cases.find(id).isEmpty()) {
            try {
                cases.insert(SurgeryCase.blank(id, clock.instant()), List.of(), null);
            } catch (DuplicateKeyException meanwhile) {
                // another event created it first
            }
        }
        cases.modify(id, c -> TenantStore.Change.quietly(change.apply(c)));
    }

    private void existing(String id, UnaryOperator<SurgeryCase> change) {
        if (cases.find(id).isPresent()) {
            cases.modify(id, c -> TenantStore.Change.quietly(change.apply(c)));
        }
    }

    private SurgeryCase copy(SurgeryCase c, String status, Instant start) {
        return new SurgeryCase(c.id(), c.patientId(), c.locationId(), c.appointmentTypeId(), start, status, c.requiresPriorAuthorization(),
                c.consultationCompleted(), c.quoteId(), c.depositPaid(), c.priorAuthorization(), c.recordsOutstanding(), c.recordsKnown(),
                c.cleared(), c.kit(), c.kitShortages(), clock.instant());
    }

    private SurgeryCase with(SurgeryCase c, String quoteId, boolean depositPaid, String authorization) {
        return new SurgeryCase(c.id(), c.patientId(), c.locationId(), c.appointmentTypeId(), c.start(), c.status(),
                c.requiresPriorAuthorization(), c.consultationCompleted(), quoteId, depositPaid, authorization, c.recordsOutstanding(),
                c.recordsKnown(), c.cleared(), c.kit(), c.kitShortages(), clock.instant());
    }

    private SurgeryCase kit(SurgeryCase c, String kit, List<String> shortages) {
        return new SurgeryCase(c.id(), c.patientId(), c.locationId(), c.appointmentTypeId(), c.start(), c.status(),
                c.requiresPriorAuthorization(), c.consultationCompleted(), c.quoteId(), c.depositPaid(), c.priorAuthorization(),
                c.recordsOutstanding(), c.recordsKnown(), c.cleared(), kit, shortages, clock.instant());
    }
}
