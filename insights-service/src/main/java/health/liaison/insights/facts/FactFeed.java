package health.liaison.insights.facts;

import health.liaison.insights.clinics.Clinics;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.billing.ClaimDenied;
import health.liaison.platform.events.billing.ClaimPaid;
import health.liaison.platform.events.billing.ClaimSubmitted;
import health.liaison.platform.events.billing.DepositInvoiced;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.events.billing.PaymentReceived;
import health.liaison.platform.events.billing.QuoteAccepted;
import health.liaison.platform.events.billing.QuoteIssued;
import health.liaison.platform.events.billing.RefundIssued;
import health.liaison.platform.events.inquiries.InquiryContacted;
import health.liaison.platform.events.inquiries.InquiryConverted;
import health.liaison.platform.events.inquiries.InquiryLost;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.events.inquiries.InquiryWon;
import health.liaison.platform.events.inquiries.TaskCompleted;
import health.liaison.platform.events.inquiries.TaskDue;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.events.inventory.KitReservationFailed;
import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.events.records.ComplaintResolved;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCheckedIn;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentFlowAdvanced;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static health.liaison.insights.facts.ReadModels.CLAIMS;
import static health.liaison.insights.facts.ReadModels.COMPLAINTS;
import static health.liaison.insights.facts.ReadModels.DEPOSITS;
import static health.liaison.insights.facts.ReadModels.INQUIRIES;
import static health.liaison.insights.facts.ReadModels.OVERDUE_INVOICES;
import static health.liaison.insights.facts.ReadModels.PAYMENTS;
import static health.liaison.insights.facts.ReadModels.QUOTES;
import static health.liaison.insights.facts.ReadModels.REFUNDS;
import static health.liaison.insights.facts.ReadModels.STOCK_OUTS;
import static health.liaison.insights.facts.ReadModels.TASKS;
import static health.liaison.insights.facts.ReadModels.VISITS;

/**
 * Feeds the read models from the other areas' events: one idempotent reaction ({@code insights-facts}), each event
 * one single-document write into its aggregate's fact document (see {@link FactStore}), so a redelivered event, a
 * duplicate with a new id, or events of one aggregate arriving out of order across partitions all end in the same
 * document. Measures are computed from these documents when asked, never accumulated here.
 */
@Component
class FactFeed {

    public static final String REACTION = "insights-facts";

    private final FactStore facts;
    private final EventInbox.Reaction reaction;

    FactFeed(FactStore facts, Clinics clinics, EventInbox inbox) {
        this.facts = facts;
        this.reaction = inbox.reaction(REACTION)
                .on(LocationChanged.class, e -> clinics.changed(e.payload()))
                .on(AppointmentHeld.class, this::held)
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, this::rescheduled)
                .on(AppointmentCancelled.class, this::cancelled)
                .on(AppointmentHoldExpired.class, e -> visit(e.payload().appointmentId(), e.payload().locationId(), null, null,
                        e.payload().start(), f -> f.earliest("holdExpiredAt", e.payload().expiredAt())))
                .on(AppointmentCheckedIn.class, e -> visit(e.payload().appointmentId(), e.payload().locationId(),
                        e.payload().appointmentTypeId(), e.payload().category(), null, f -> f.earliest("checkedInAt", e.payload().checkedInAt())))
                .on(AppointmentFlowAdvanced.class, this::flowAdvanced)
                .on(AppointmentCompleted.class, e -> visit(e.payload().appointmentId(), e.payload().locationId(),
                        e.payload().appointmentTypeId(), e.payload().category(), null, f -> f.earliest("checkedOutAt", e.payload().completedAt())))
                .on(AppointmentNoShow.class, e -> visit(e.payload().appointmentId(), e.payload().locationId(),
                        e.payload().appointmentTypeId(), e.payload().category(), e.payload().start(), f -> f.earliest("noShowAt", e.payload().recordedAt())))
                .on(InquiryReceived.class, this::inquiryReceived)
                .on(InquiryContacted.class, e -> facts.record(INQUIRIES, e.payload().inquiryId(), f -> f
                        .initially("locationId", e.payload().locationId()).earliest("firstContactAt", e.payload().contactedAt())))
                .on(InquiryConverted.class, e -> facts.record(INQUIRIES, e.payload().inquiryId(), f -> f
                        .initially("locationId", e.payload().locationId()).set("patientId", e.payload().patientId())
                        .set("consultationAppointmentId", e.payload().consultationAppointmentId())
                        .earliest("convertedAt", e.payload().convertedAt())))
                .on(InquiryWon.class, e -> facts.record(INQUIRIES, e.payload().inquiryId(), f -> f
                        .initially("locationId", e.payload().locationId()).set("patientId", e.payload().patientId())
                        .set("surgeryAppointmentId", e.payload().surgeryAppointmentId()).earliest("wonAt", e.payload().wonAt())))
                .on(InquiryLost.class, e -> facts.record(INQUIRIES, e.payload().inquiryId(), f -> f
                        .initially("locationId", e.payload().locationId()).set("lostReason", e.payload().reason())
                        .earliest("lostAt", e.payload().lostAt())))
                .on(TaskDue.class, e -> task(e.payload().taskId(), e.payload().locationId(), e.payload().ownerId(), e.payload().kind(),
                        e.payload().dueAt(), f -> f.earliest("createdAt", e.payload().createdAt())))
                .on(TaskOverdue.class, e -> task(e.payload().taskId(), e.payload().locationId(), e.payload().ownerId(), e.payload().kind(),
                        e.payload().dueAt(), f -> f.earliest("overdueAt", e.payload().overdueAt())))
                .on(TaskCompleted.class, e -> task(e.payload().taskId(), e.payload().locationId(), e.payload().ownerId(), e.payload().kind(),
                        e.payload().dueAt(), f -> f.earliest("completedAt", e.payload().completedAt())))
                .on(QuoteIssued.class, e -> {
                    facts.record(QUOTES, e.payload().quoteId(), f -> f
                            .set("locationId", e.payload().locationId()).set("patientId", e.payload().patientId())
                            .set("appointmentTypeId", e.payload().appointmentTypeId()).earliest("issuedAt", e.payload().issuedAt()));
                    // a revised quote is issued again: its latest version's total is the one quoted
                    facts.recordIfNewer(QUOTES, e.payload().quoteId(), "totalIssuedAt", e.payload().issuedAt(), f -> f
                            .set("quotedTotal", amount(e.payload().total())).set("currency", e.payload().currency()));
                })
                .on(QuoteAccepted.class, e -> {
                    facts.record(QUOTES, e.payload().quoteId(), f -> f
                            .set("locationId", e.payload().locationId()).set("patientId", e.payload().patientId())
                            .set("appointmentTypeId", e.payload().appointmentTypeId()).earliest("acceptedAt", e.payload().acceptedAt())
                            .set("acceptedTotal", amount(e.payload().total())).set("acceptedCurrency", e.payload().currency()));
                    // the deposit invoice it opened is for the same procedure (its own events do not name it)
                    if (e.payload().depositInvoiceId() != null) {
                        facts.record(DEPOSITS, e.payload().depositInvoiceId(), f -> f.set("locationId", e.payload().locationId())
                                .set("quoteId", e.payload().quoteId()).set("appointmentTypeId", e.payload().appointmentTypeId()));
                    }
                })
                .on(DepositInvoiced.class, e -> facts.record(DEPOSITS, e.payload().invoiceId(), f -> f
                        .set("locationId", e.payload().locationId()).set("quoteId", e.payload().quoteId())
                        .earliest("invoicedAt", e.payload().invoicedAt())))
                .on(DepositPaid.class, e -> facts.record(DEPOSITS, e.payload().invoiceId(), f -> f
                        .set("locationId", e.payload().locationId()).set("quoteId", e.payload().quoteId())
                        .earliest("paidAt", e.payload().paidAt())
                        .set("amount", amount(e.payload().amount())).set("currency", e.payload().currency())))
                .on(PaymentReceived.class, e -> facts.record(PAYMENTS, e.payload().paymentId(), f -> f
                        .set("locationId", e.payload().locationId()).set("invoiceId", e.payload().invoiceId())
                        .set("tender", e.payload().tender()).earliest("receivedAt", e.payload().receivedAt())
                        .set("amount", amount(e.payload().amount())).set("currency", e.payload().currency())))
                .on(RefundIssued.class, e -> facts.record(REFUNDS, e.payload().refundId(), f -> f
                        .set("locationId", e.payload().locationId()).set("paymentId", e.payload().paymentId())
                        .earliest("issuedAt", e.payload().issuedAt())))
                .on(InvoiceOverdue.class, e -> facts.record(OVERDUE_INVOICES, e.payload().invoiceId(), f -> f
                        .set("locationId", e.payload().locationId()).earliest("detectedAt", e.payload().detectedAt())))
                .on(ClaimSubmitted.class, e -> facts.record(CLAIMS, e.payload().claimId(), f -> f
                        .set("locationId", e.payload().locationId()).earliest("submittedAt", e.payload().submittedAt())))
                .on(ClaimPaid.class, e -> facts.record(CLAIMS, e.payload().claimId(), f -> f
                        .set("locationId", e.payload().locationId()).earliest("paidAt", e.payload().paidAt())))
                .on(ClaimDenied.class, e -> facts.record(CLAIMS, e.payload().claimId(), f -> f
                        .set("locationId", e.payload().locationId()).set("denialCode", e.payload().reasonCode())
                        .earliest("deniedAt", e.payload().deniedAt())))
                .on(ComplaintOpened.class, e -> facts.record(COMPLAINTS, e.payload().complaintId(), f -> f
                        .set("locationId", e.payload().locationId()).set("category", e.payload().category())
                        .set("dueOn", e.payload().dueOn().toString()).earliest("openedAt", e.payload().openedAt())))
                .on(ComplaintResolved.class, e -> facts.record(COMPLAINTS, e.payload().complaintId(), f -> f
                        .initially("locationId", e.payload().locationId()).earliest("resolvedAt", e.payload().resolvedAt())))
                .on(KitReservationFailed.class, e -> facts.record(STOCK_OUTS, e.payload().appointmentId(), f -> f
                        .set("locationId", e.payload().locationId()).set("appointmentTypeId", e.payload().appointmentTypeId())
                        .addAll("skus", e.payload().shortages().stream().map(KitReservationFailed.Shortage::sku).toList())
                        .earliest("failedAt", e.payload().failedAt())));
    }

    @KafkaListener(topics = {Topics.SCHEDULING_APPOINTMENT, Topics.SCHEDULING_LOCATION, Topics.RECORDS_INQUIRY, Topics.RECORDS_TASK,
            Topics.RECORDS_PATIENT, Topics.BILLING_INVOICE, Topics.BILLING_CLAIM, Topics.INVENTORY_STOCK},
            groupId = "${spring.kafka.consumer.group-id}.facts",
            concurrency = "${liaison.insights.consumer-concurrency:3}")
    void onEvent(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void held(ReceivedEvent<AppointmentHeld> event) {
        AppointmentHeld held = event.payload();
        schedule(event.time(), held.appointmentId(), held.locationId(), held.appointmentTypeId(), held.category(), null,
                held.start(), held.end());
        facts.record(VISITS, held.appointmentId(), f -> f.earliest("heldAt", event.time()));
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked booked = event.payload();
        schedule(event.time(), booked.appointmentId(), booked.locationId(), booked.appointmentTypeId(), booked.category(),
                booked.providerIds(), booked.start(), booked.end());
        facts.record(VISITS, booked.appointmentId(), f -> f.earliest("bookedAt", event.time()));
    }

    private void rescheduled(ReceivedEvent<AppointmentRescheduled> event) {
        AppointmentRescheduled moved = event.payload();
        schedule(event.time(), moved.appointmentId(), moved.locationId(), moved.appointmentTypeId(), moved.category(),
                moved.providerIds(), moved.start(), moved.end());
    }

    private void cancelled(ReceivedEvent<AppointmentCancelled> event) {
        AppointmentCancelled cancelled = event.payload();
        visit(cancelled.appointmentId(), cancelled.locationId(), cancelled.appointmentTypeId(), cancelled.category(),
                cancelled.start(), f -> f.earliest("cancelledAt", cancelled.cancelledAt()).set("cancelledStart", cancelled.start())
                        .set("cancelReason", cancelled.reasonCode()));
    }

    private void flowAdvanced(ReceivedEvent<AppointmentFlowAdvanced> event) {
        AppointmentFlowAdvanced step = event.payload();
        String field = switch (step.step()) {
            case AppointmentFlowAdvanced.ROOMED -> "roomedAt";
            case AppointmentFlowAdvanced.WITH_PROVIDER -> "withProviderAt";
            default -> null;
        };
        if (field != null) {
            visit(step.appointmentId(), step.locationId(), null, null, null, f -> f.earliest(field, step.at()));
        }
    }

    /** Where and when the appointment is, with whom: the latest booking, hold or move by the event's time wins. */
    private void schedule(Instant stamp, String appointmentId, String locationId, String typeId, String category,
                          List<String> providerIds, Instant start, Instant end) {
        facts.recordIfNewer(VISITS, appointmentId, "scheduledAsOf", stamp, f -> {
            f.set("locationId", locationId).set("appointmentTypeId", typeId).set("category", category)
                    .set("start", start).set("end", end);
            if (providerIds != null) {
                f.set("providerIds", providerIds);
            }
        });
    }

    /** A step of the visit; where and when it is are kept only until a booking says so (the booking's stamp wins). */
    private void visit(String appointmentId, String locationId, String typeId, String category, Instant start,
                       Consumer<FactStore.Facts> step) {
        facts.record(VISITS, appointmentId, f -> {
            f.initially("locationId", locationId).initially("appointmentTypeId", typeId).initially("category", category)
                    .initially("start", start);
            step.accept(f);
        });
    }

    private void task(String taskId, String locationId, String ownerId, String kind, Instant dueAt,
                      Consumer<FactStore.Facts> step) {
        facts.record(TASKS, taskId, f -> {
            f.set("locationId", locationId).set("ownerId", ownerId).set("kind", kind).set("dueAt", dueAt);
            step.accept(f);
        });
    }

    private void inquiryReceived(ReceivedEvent<InquiryReceived> event) {
        InquiryReceived received = event.payload();
        facts.record(INQUIRIES, received.inquiryId(), f -> f.set("locationId", received.locationId())
                .set("source", received.source()).set("interest", received.interest()).set("ownerId", received.ownerId())
                .set("firstResponseDueAt", received.firstResponseDueAt()).earliest("receivedAt", received.receivedAt()));
    }

    /** Money kept exactly as billing stated it (a decimal string, never binary floating point); null when absent. */
    private static String amount(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
