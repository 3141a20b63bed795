package health.liaison.billing.invoices;

import health.liaison.billing.feeschedules.FeeSchedule;
import health.liaison.billing.feeschedules.FeeSchedules;
import health.liaison.billing.quotes.Quote;
import health.liaison.platform.clinics.ClinicTime;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The balance of an accepted quote (quote total less the deposit), invoiced as {@code bal-<appointmentId>} as soon as
 * both facts are known: the quote is accepted for the appointment, and scheduling booked it. It is due
 * {@code balanceDueDays} (fee schedule, default 14) clinic-local days before the surgery's date at its clinic (the
 * clinic's zone from scheduling; UTC for a clinic not heard of yet), never before the clinic's date on which the
 * surgery's date was set or the invoice opened; a reschedule moves it; a cancellation or no-show voids it while
 * nothing is paid on it (a paid one is left for billing staff to refund); completion opens it only if it does not
 * exist yet (a surgery billing never saw booked), due at once.
 *
 * <p>No transactions: the booking handler writes the surgery and then reads the quote; acceptance writes the quote and
 * then reads the surgery, so at least one of them sees both. Opening uses the derived id (a second open returns the
 * first), and the due date is a function of stored facts only, so a repeat sets the same date. After opening, the
 * surgery is read again, so a cancellation or reschedule that slipped in between is still applied.
 */
@Component
public class Balances {

    static final int DEFAULT_DUE_DAYS = 14;

    private final TenantStore<BookedSurgery> surgeries;
    private final Invoices invoices;
    private final FeeSchedules schedules;
    private final ClinicZones clinics;
    private final Clock clock;

    Balances(TenantStores stores, Invoices invoices, FeeSchedules schedules, ClinicZones clinics, Clock clock) {
        this.surgeries = stores.of(BookedSurgery.class, "booked_surgeries", "booked surgery");
        this.invoices = invoices;
        this.schedules = schedules;
        this.clinics = clinics;
        this.clock = clock;
    }

    public static String invoiceId(String appointmentId) {
        return "bal-" + appointmentId;
    }

    /** The quote was accepted for an appointment: open its balance if scheduling already booked it. */
    public void quoteAccepted(Quote quote) {
        if (quote.appointmentId() == null || quote.status() != Quote.Status.ACCEPTED) {
            return;
        }
        surgeries.find(quote.appointmentId()).map(Versioned::value).ifPresent(surgery -> settle(quote, surgery));
    }

    /** Scheduling booked (or confirmed) the surgery. */
    void booked(String appointmentId, String patientId, String locationId, String typeId, Instant start, Instant at,
                Supplier<Optional<Quote>> acceptedQuote) {
        BookedSurgery surgery = record(new BookedSurgery(appointmentId, patientId, locationId, typeId, start, at,
                BookedSurgery.Status.BOOKED, at), s -> s.start().equals(start) ? s : s.rescheduled(start, at));
        acceptedQuote.get().ifPresent(quote -> settle(quote, surgery));
    }

    /** Scheduling moved the surgery: its balance's due date follows. */
    void rescheduled(String appointmentId, String patientId, String locationId, String typeId, Instant start, Instant at,
                     Supplier<Optional<Quote>> acceptedQuote) {
        BookedSurgery surgery = record(new BookedSurgery(appointmentId, patientId, locationId, typeId, start, at,
                BookedSurgery.Status.BOOKED, at), s -> s.rescheduled(start, at));
        acceptedQuote.get().ifPresent(quote -> settle(quote, surgery));
    }

    /** The surgery will not happen (cancelled, no-show): its unpaid balance invoice is void. */
    void ended(String appointmentId, String patientId, String locationId, String typeId, Instant start, BookedSurgery.Status status,
               Instant at) {
        record(new BookedSurgery(appointmentId, patientId, locationId, typeId, start, at, status, at), s -> s.ended(status, at));
        voidUnpaid(appointmentId);
    }

    /** The surgery was performed: the balance exists (opened now, due at once, if billing never saw it booked). */
    void completed(String appointmentId, String patientId, String locationId, String typeId, Instant completedAt,
                   Supplier<Optional<Quote>> acceptedQuote) {
        BookedSurgery surgery = record(new BookedSurgery(appointmentId, patientId, locationId, typeId, completedAt, completedAt,
                BookedSurgery.Status.COMPLETED, completedAt), s -> s.ended(BookedSurgery.Status.COMPLETED, completedAt));
        acceptedQuote.get().ifPresent(quote -> settle(quote, surgery));
    }

    private void settle(Quote quote, BookedSurgery surgery) {
        if (!surgery.standing()) {
            voidUnpaid(surgery.id());
            return;
        }
        BigDecimal deposit = invoices.find(quote.depositInvoiceId()).map(Invoice::total).orElse(BigDecimal.ZERO);
        BigDecimal balance = quote.total().subtract(deposit);
        if (balance.signum() <= 0) {
            return;
        }
        int dueDays = schedules.find(quote.locationId(), quote.appointmentTypeId()).map(FeeSchedule::balanceDueDays)
                .orElse(DEFAULT_DUE_DAYS);
        Instant now = clock.instant();
        Invoice opened = invoices.open(Invoice.open(invoiceId(surgery.id()), quote.patientId(), quote.locationId(), Invoice.Kind.BALANCE,
                quote.id(), surgery.id(), quote.currency(), List.of(new Invoice.Line("BALANCE",
                        "Balance of quote " + quote.id() + " v" + quote.version(), balance, false)),
                dueOn(surgery, dueDays, now, clinics.of(surgery.locationId())), now), List.of());
        // read the surgery again: a reschedule or cancellation recorded meanwhile still reaches the invoice
        BookedSurgery latest = surgeries.find(surgery.id()).map(Versioned::value).orElse(surgery);
        if (!latest.standing()) {
            voidUnpaid(latest.id());
            return;
        }
        LocalDate due = dueOn(latest, dueDays, opened.createdAt(), clinics.of(latest.locationId()));
        invoices.change(opened.id(), i -> TenantStore.Change.quietly(i.status() == Invoice.Status.OPEN && !due.equals(i.dueOn())
                ? i.withDueOn(due) : i));
    }

    /**
     * {@code dueDays} clinic-local days before the surgery's local date, but never before the clinic's date on which
     * the date was set nor the one on which the invoice opened.
     */
    static LocalDate dueOn(BookedSurgery surgery, int dueDays, Instant invoiceOpened, ClinicTime clinic) {
        LocalDate wanted = clinic.dateOf(surgery.start()).minusDays(dueDays);
        LocalDate floor = clinic.dateOf(surgery.startSetAt().isAfter(invoiceOpened) ? surgery.startSetAt() : invoiceOpened);
        return wanted.isBefore(floor) ? floor : wanted;
    }

    private void voidUnpaid(String appointmentId) {
        invoices.find(invoiceId(appointmentId)).filter(i -> i.status() == Invoice.Status.OPEN && i.paid().compareTo(i.refunded()) == 0)
                .ifPresent(i -> invoices.change(i.id(), current -> TenantStore.Change.quietly(
                        current.status() == Invoice.Status.OPEN && current.paid().compareTo(current.refunded()) == 0 ? current.voided() : current)));
    }

    /** Stores the surgery, or applies {@code change} to the one stored. */
    private BookedSurgery record(BookedSurgery fresh, UnaryOperator<BookedSurgery> change) {
        try {
            surgeries.insert(fresh, List.of(), fresh.locationId());
            return fresh;
        } catch (DuplicateKeyException exists) {
            return surgeries.modify(fresh.id(), s -> TenantStore.Change.quietly(change.apply(s))).value();
        }
    }
}
