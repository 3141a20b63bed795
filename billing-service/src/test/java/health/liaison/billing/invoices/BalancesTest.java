package health.liaison.billing.invoices;

import health.liaison.platform.clinics.ClinicTime;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The balance's due date: N clinic-local days before the surgery, never before the date was set or the invoice opened. */
class BalancesTest {

    private static final ClinicTime UTC = ClinicTime.of("loc-1", ZoneOffset.UTC);
    private static final ClinicTime SYDNEY = ClinicTime.of("loc-1", ZoneId.of("Australia/Sydney"));

    private static BookedSurgery surgery(String start, String setAt) {
        return new BookedSurgery("apt-1", "pat-1", "loc-1", "type-1", Instant.parse(start), Instant.parse(setAt),
                BookedSurgery.Status.BOOKED, Instant.parse(setAt));
    }

    @Test
    void dueTheScheduleDaysBeforeTheSurgeryDate() {
        assertThat(Balances.dueOn(surgery("2027-03-20T14:00:00Z", "2027-01-05T09:00:00Z"), 14, Instant.parse("2027-01-05T09:00:01Z"), UTC))
                .isEqualTo(LocalDate.of(2027, 3, 6));
    }

    @Test
    void neverBeforeTheDayTheDateWasSetNorTheDayTheInvoiceOpened() {
        // booked 5 days ahead with a 14-day rule: due the day it was booked
        assertThat(Balances.dueOn(surgery("2027-01-10T14:00:00Z", "2027-01-05T09:00:00Z"), 14, Instant.parse("2027-01-05T09:00:01Z"), UTC))
                .isEqualTo(LocalDate.of(2027, 1, 5));
        // the quote accepted later than the booking: not before the invoice opened
        assertThat(Balances.dueOn(surgery("2027-01-20T14:00:00Z", "2027-01-01T09:00:00Z"), 14, Instant.parse("2027-01-08T10:00:00Z"), UTC))
                .isEqualTo(LocalDate.of(2027, 1, 8));
        // rescheduled to a near date weeks after opening: not before the reschedule
        assertThat(Balances.dueOn(surgery("2027-02-03T14:00:00Z", "2027-02-01T12:00:00Z"), 14, Instant.parse("2027-01-02T10:00:00Z"), UTC))
                .isEqualTo(LocalDate.of(2027, 2, 1));
    }

    @Test
    void aSixOClockSurgeryInSydneyIsDueByTheClinicsDateNotTheUtcOne() {
        // 2027-02-15 06:00 in Sydney (AEDT, UTC+11) is 2027-02-14 19:00 UTC
        BookedSurgery surgery = surgery("2027-02-14T19:00:00Z", "2027-01-05T09:00:00Z");
        assertThat(Balances.dueOn(surgery, 10, Instant.parse("2027-01-05T09:00:01Z"), SYDNEY)).isEqualTo(LocalDate.of(2027, 2, 5));
        assertThat(Balances.dueOn(surgery, 10, Instant.parse("2027-01-05T09:00:01Z"), UTC)).isEqualTo(LocalDate.of(2027, 2, 4));
    }

    @Test
    void theDaysBeforeASurgeryAreClinicDaysAcrossADaylightSavingChange() {
        // clocks go back on Sunday 2027-04-04 in Sydney: 2027-04-10 23:30 AEST (UTC+10) is 13:30 UTC; 240 hours earlier
        // would be 2027-04-01 00:30 AEDT, one local day late
        assertThat(Balances.dueOn(surgery("2027-04-10T13:30:00Z", "2027-01-05T09:00:00Z"), 10, Instant.parse("2027-01-05T09:00:01Z"), SYDNEY))
                .isEqualTo(LocalDate.of(2027, 3, 31));
        // clocks go forward on Sunday 2027-10-03: 2027-10-10 00:30 AEDT (UTC+11) is 2027-10-09 13:30 UTC; 240 hours
        // earlier would be 2027-09-29 23:30 AEST, one local day early
        assertThat(Balances.dueOn(surgery("2027-10-09T13:30:00Z", "2027-01-05T09:00:00Z"), 10, Instant.parse("2027-01-05T09:00:01Z"), SYDNEY))
                .isEqualTo(LocalDate.of(2027, 9, 30));
    }

    @Test
    void theFloorIsTheClinicsDateOfTheBookingToo() {
        // booked at 2027-01-05 20:00 UTC = 2027-01-06 07:00 in Sydney, three days before the surgery: due the clinic's 6th
        assertThat(Balances.dueOn(surgery("2027-01-08T22:00:00Z", "2027-01-05T20:00:00Z"), 14, Instant.parse("2027-01-05T20:00:01Z"), SYDNEY))
                .isEqualTo(LocalDate.of(2027, 1, 6));
    }

    @Test
    void aCancellationOrNoShowIsFinal() {
        BookedSurgery cancelled = surgery("2027-03-20T14:00:00Z", "2027-01-05T09:00:00Z").ended(BookedSurgery.Status.CANCELLED, Instant.EPOCH);
        assertThat(cancelled.ended(BookedSurgery.Status.COMPLETED, Instant.EPOCH).status()).isEqualTo(BookedSurgery.Status.CANCELLED);
        assertThat(cancelled.standing()).isFalse();
    }
}
