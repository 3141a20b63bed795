package health.liaison.billing.invoices;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The balance's due date: N days before the surgery, never before the date was set or the invoice opened. */
class BalancesTest {

    private static BookedSurgery surgery(String start, String setAt) {
        return new BookedSurgery("apt-1", "pat-1", "loc-1", "type-1", Instant.parse(start), Instant.parse(setAt),
                BookedSurgery.Status.BOOKED, Instant.parse(setAt));
    }

    @Test
    void dueTheScheduleDaysBeforeTheSurgeryDate() {
        assertThat(Balances.dueOn(surgery("2027-03-20T14:00:00Z", "2027-01-05T09:00:00Z"), 14, Instant.parse("2027-01-05T09:00:01Z")))
                .isEqualTo(LocalDate.of(2027, 3, 6));
    }

    @Test
    void neverBeforeTheDayTheDateWasSetNorTheDayTheInvoiceOpened() {
        // booked 5 days ahead with a 14-day rule: due the day it was booked
        assertThat(Balances.dueOn(surgery("2027-01-10T14:00:00Z", "2027-01-05T09:00:00Z"), 14, Instant.parse("2027-01-05T09:00:01Z")))
                .isEqualTo(LocalDate.of(2027, 1, 5));
        // the quote accepted later than the booking: not before the invoice opened
        assertThat(Balances.dueOn(surgery("2027-01-20T14:00:00Z", "2027-01-01T09:00:00Z"), 14, Instant.parse("2027-01-08T10:00:00Z")))
                .isEqualTo(LocalDate.of(2027, 1, 8));
        // rescheduled to a near date weeks after opening: not before the reschedule
        assertThat(Balances.dueOn(surgery("2027-02-03T14:00:00Z", "2027-02-01T12:00:00Z"), 14, Instant.parse("2027-01-02T10:00:00Z")))
                .isEqualTo(LocalDate.of(2027, 2, 1));
    }

    @Test
    void aCancellationOrNoShowIsFinal() {
        BookedSurgery cancelled = surgery("2027-03-20T14:00:00Z", "2027-01-05T09:00:00Z").ended(BookedSurgery.Status.CANCELLED, Instant.EPOCH);
        assertThat(cancelled.ended(BookedSurgery.Status.COMPLETED, Instant.EPOCH).status()).isEqualTo(BookedSurgery.Status.CANCELLED);
        assertThat(cancelled.standing()).isFalse();
    }
}
