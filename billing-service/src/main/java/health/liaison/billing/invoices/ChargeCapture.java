package health.liaison.billing.invoices;

import health.liaison.billing.feeschedules.FeeSchedule;
import health.liaison.billing.feeschedules.FeeSchedules;
import health.liaison.billing.quotes.Quotes;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What scheduling's events cost. A booked (or confirmed) surgery with an accepted quote is invoiced its balance (quote
 * total less the deposit) as {@code bal-<appointmentId>}, due before the surgery ({@link Balances}); a reschedule
 * moves its due date, a cancellation or no-show voids it while unpaid, completion keeps it (or opens it if billing
 * never saw the booking). A no-show is charged the schedule's no-show fee ({@code noshow-<appointmentId>}, a FEE
 * invoice). A cancelled surgery applies the cancellation policy to its deposit: the deposit's charge is released and
 * what the tier does not refund is kept as a late-cancellation fee, both as adjustments on the deposit invoice
 * ({@link Invoice#cancelledByPolicy}). Ids derive from the appointment, so a redelivered event charges nothing twice.
 */
@Component
class ChargeCapture {

    /** The categories whose bookings carry a quoted balance. */
    private static final Set<String> QUOTED = Set.of("SURGERY", "PROCEDURE");

    private final Invoices invoices;
    private final Quotes quotes;
    private final FeeSchedules schedules;
    private final Balances balances;
    private final ClinicZones clinics;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    ChargeCapture(Invoices invoices, Quotes quotes, FeeSchedules schedules, Balances balances, ClinicZones clinics, EventInbox inbox,
                  Clock clock) {
        this.invoices = invoices;
        this.quotes = quotes;
        this.schedules = schedules;
        this.balances = balances;
        this.clinics = clinics;
        this.clock = clock;
        this.reaction = inbox.reaction("billing-charge-capture")
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, this::rescheduled)
                .on(AppointmentCompleted.class, this::completed)
                .on(AppointmentNoShow.class, this::noShow)
                .on(AppointmentCancelled.class, this::cancelled);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.charge-capture")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private static boolean quoted(String category) {
        return category == null || QUOTED.contains(category);
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked booked = event.payload();
        if (quoted(booked.category())) {
            balances.booked(booked.appointmentId(), booked.patientId(), booked.locationId(), booked.appointmentTypeId(), booked.start(),
                    event.time(), () -> quotes.acceptedFor(booked.appointmentId()));
        }
    }

    private void rescheduled(ReceivedEvent<AppointmentRescheduled> event) {
        AppointmentRescheduled moved = event.payload();
        if (quoted(moved.category())) {
            balances.rescheduled(moved.appointmentId(), moved.patientId(), moved.locationId(), moved.appointmentTypeId(), moved.start(),
                    event.time(), () -> quotes.acceptedFor(moved.appointmentId()));
        }
    }

    private void completed(ReceivedEvent<AppointmentCompleted> event) {
        AppointmentCompleted done = event.payload();
        if (quoted(done.category())) {
            balances.completed(done.appointmentId(), done.patientId(), done.locationId(), done.appointmentTypeId(), done.completedAt(),
                    () -> quotes.acceptedFor(done.appointmentId()));
        }
    }

    private void noShow(ReceivedEvent<AppointmentNoShow> event) {
        AppointmentNoShow missed = event.payload();
        if (quoted(missed.category())) {
            balances.ended(missed.appointmentId(), missed.patientId(), missed.locationId(), missed.appointmentTypeId(), missed.start(),
                    BookedSurgery.Status.NO_SHOW, missed.recordedAt());
        }
        LocalDate today = clinics.of(missed.locationId()).today(clock);
        schedules.find(missed.locationId(), missed.appointmentTypeId()).filter(s -> s.noShowFee() != null && s.noShowFee().signum() > 0)
                .ifPresent(schedule -> invoices.open(Invoice.open("noshow-" + missed.appointmentId(), missed.patientId(), missed.locationId(),
                        Invoice.Kind.FEE, null, missed.appointmentId(), schedule.currency(), List.of(new Invoice.Line("NO_SHOW",
                                "Missed appointment fee", schedule.noShowFee(), false)), today.plusDays(14), clock.instant()),
                        List.of()));
    }

    private void cancelled(ReceivedEvent<AppointmentCancelled> event) {
        AppointmentCancelled cancelled = event.payload();
        if (quoted(cancelled.category())) {
            balances.ended(cancelled.appointmentId(), cancelled.patientId(), cancelled.locationId(), cancelled.appointmentTypeId(),
                    cancelled.start(), BookedSurgery.Status.CANCELLED, cancelled.cancelledAt());
        }
        quotes.acceptedFor(cancelled.appointmentId()).ifPresent(quote -> invoices.find(quote.depositInvoiceId()).ifPresent(deposit -> {
            FeeSchedule schedule = schedules.find(quote.locationId(), quote.appointmentTypeId()).orElse(null);
            if (schedule == null || deposit.cancellation() != null) {
                return;
            }
            long daysBefore = Duration.between(cancelled.cancelledAt(), cancelled.start()).toDays();
            BigDecimal refundPercent = schedule.refundPercentAt(daysBefore);
            // one write of the deposit: charge released, the non-refundable part kept as the late-cancellation fee;
            // the refundable part is a credit that billing staff refund to the original tender
            invoices.change(deposit.id(), d -> TenantStore.Change.quietly(d.cancelledByPolicy(daysBefore, refundPercent, cancelled.cancelledAt())));
        }));
    }
}
