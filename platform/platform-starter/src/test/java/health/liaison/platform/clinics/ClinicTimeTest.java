package health.liaison.platform.clinics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A clinic's local dates and the starts of its days, across daylight-saving changes. */
class ClinicTimeTest {

    private final ClinicTime sydney = ClinicTime.of("syd", ZoneId.of("Australia/Sydney"));

    @Test
    void sixInTheMorningInSydneyIsTheClinicsDateWhileUtcIsStillOnThePreviousOne() {
        Instant sixAm = Instant.parse("2027-02-14T19:00:00Z"); // 2027-02-15 06:00 AEDT (UTC+11)
        assertThat(sydney.dateOf(sixAm)).isEqualTo(LocalDate.of(2027, 2, 15));
        assertThat(sydney.today(Clock.fixed(sixAm, ZoneOffset.UTC))).isEqualTo(LocalDate.of(2027, 2, 15));
        assertThat(ClinicTime.unknown("x").dateOf(sixAm)).isEqualTo(LocalDate.of(2027, 2, 14));
    }

    @Test
    void aDayOfAClockChangeStartsAtItsLocalMidnightAndLasts25Or23Hours() {
        // back on Sunday 2027-04-04 (AEDT → AEST), forward on Sunday 2027-10-03 (AEST → AEDT)
        assertThat(sydney.startOf(LocalDate.of(2027, 4, 4))).isEqualTo(Instant.parse("2027-04-03T13:00:00Z"));
        assertThat(Duration.between(sydney.startOf(LocalDate.of(2027, 4, 4)), sydney.startOf(LocalDate.of(2027, 4, 5)))).hasHours(25);
        assertThat(Duration.between(sydney.startOf(LocalDate.of(2027, 10, 3)), sydney.startOf(LocalDate.of(2027, 10, 4)))).hasHours(23);
        assertThat(sydney.dateOf(sydney.startOf(LocalDate.of(2027, 10, 4)).minusNanos(1))).isEqualTo(LocalDate.of(2027, 10, 3));
    }

    @Test
    void aClinicNotHeardOfCountsInUtc() {
        ClinicTime unknown = ClinicTime.unknown("nowhere");
        assertThat(unknown.known()).isFalse();
        assertThat(unknown.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(unknown.startOf(LocalDate.of(2027, 1, 1))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
