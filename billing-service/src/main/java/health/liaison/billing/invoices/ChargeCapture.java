package health.liaison.billing.invoices;

import health.liaison.billing.feeschedules.FeeSchedule;
import health.liaison.billing.feeschedules.FeeSchedules;
import health.liaison.billing.money.Amounts;
import health.liaison.billing.quotes.Quote;
import health.liaison.billing.quotes.Quotes;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/**
 * What scheduling's events cost: a completed surgery with an accepted quote is invoiced its balance (quote total less
 * the deposit); a no-show is charged the schedule's no-show fee; a cancelled surgery applies the cancellation policy
 * to its deposit (the part not refundable is kept, recorded on the deposit as a late-cancellation adjustment note).
 * Invoice ids derive from the appointment, so a redelivered event charges nothing twice.
 */
@Component
class ChargeCapture {

    private final Invoices invoices;
    private final Quotes quotes;
    private final FeeSchedules schedules;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    ChargeCapture(Invoices invoices, Quotes quotes, FeeSchedules schedules, EventInbox inbox, Clock clock) {
        this.invoices = invoices;
        this.quotes = quotes;
        this.schedules = schedules;
        this.clock = clock;
        this.reaction = inbox.reaction("billing-charge-capture")
                .on(AppointmentCompleted.class, this::completed)
                .on(AppointmentNoShow.class, this::noShow)
                .on(AppointmentCancelled.class, this::cancelled);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.charge-capture")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void completed(ReceivedEvent<AppointmentCompleted> event) {
        AppointmentCompleted done = event.payload();
        quotes.acceptedFor(done.appointmentId()).ifPresent(quote -> {
            FeeSchedule schedule = schedules.find(quote.locationId(), quote.appointmentTypeId()).orElse(null);
            BigDecimal deposit = invoices.find(quote.depositInvoiceId()).map(Invoice::total).orElse(BigDecimal.ZERO);
            BigDecimal balance = quote.total().subtract(deposit);
            if (balance.signum() <= 0) {
                return;
            }
            Instant now = clock.instant();
            invoices.open(Invoice.open("bal-" + done.appointmentId(), quote.patientId(), quote.locationId(), Invoice.Kind.BALANCE,
                    quote.id(), done.appointmentId(), quote.currency(), List.of(new Invoice.Line("BALANCE",
                            "Balance of quote " + quote.id() + " v" + quote.version(), balance, false)),
                    LocalDate.now(clock).plusDays(schedule == null ? 14 : schedule.balanceDueDays()), now), List.of());
        });
    }

    private void noShow(ReceivedEvent<AppointmentNoShow> event) {
        AppointmentNoShow missed = event.payload();
        schedules.find(missed.locationId(), missed.appointmentTypeId()).filter(s -> s.noShowFee().signum() > 0).ifPresent(schedule ->
                invoices.open(Invoice.open("noshow-" + missed.appointmentId(), missed.patientId(), missed.locationId(), Invoice.Kind.FEE,
                        null, missed.appointmentId(), schedule.currency(), List.of(new Invoice.Line("NO_SHOW", "Missed appointment fee",
                                schedule.noShowFee(), false)), LocalDate.now(clock).plusDays(14), clock.instant()), List.of()));
    }

    private void cancelled(ReceivedEvent<AppointmentCancelled> event) {
        AppointmentCancelled cancelled = event.payload();
        quotes.acceptedFor(cancelled.appointmentId()).ifPresent(quote -> invoices.find(quote.depositInvoiceId()).ifPresent(deposit -> {
            FeeSchedule schedule = schedules.find(quote.locationId(), quote.appointmentTypeId()).orElse(null);
            if (schedule == null || deposit.paid().signum() == 0) {
                return;
            }
            long daysBefore = Duration.between(cancelled.cancelledAt(), cancelled.start()).toDays();
            BigDecimal refundable = Amounts.percentOf(deposit.paid().subtract(deposit.refunded()), schedule.refundPercentAt(daysBefore),
                    Currency.getInstance(deposit.currency()));
            // the policy's outcome is recorded on the deposit; billing staff issue the refund to the original tender
            invoices.change(deposit.id(), d -> TenantStore.Change.quietly(d.withCancellation(daysBefore, refundable)));
        }));
    }
}
