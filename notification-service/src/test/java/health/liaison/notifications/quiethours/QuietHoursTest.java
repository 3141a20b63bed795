package health.liaison.notifications.quiethours;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class QuietHoursTest {

    static final ZoneId MIAMI = ZoneId.of("America/New_York");
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    final QuietHours night = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

    static Instant at(String date, String time, ZoneId zone) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(zone).toInstant();
    }

    @Test
    void aMessageDueAtTwoInTheMorningWaitsUntilEightTheSameMorning() {
        assertThat(night.earliestSendAt(at("2030-06-04", "02:00", MIAMI), MIAMI)).isEqualTo(at("2030-06-04", "08:00", MIAMI));
    }

    @Test
    void aMessageDueLateInTheEveningWaitsUntilTheNextMorning() {
        assertThat(night.earliestSendAt(at("2030-06-04", "22:30", MIAMI), MIAMI)).isEqualTo(at("2030-06-05", "08:00", MIAMI));
    }

    @Test
    void theWindowIsHalfOpenStartingAtItsStartAndEndingAtItsEnd() {
        assertThat(night.contains(at("2030-06-04", "21:00", MIAMI), MIAMI)).isTrue();
        assertThat(night.contains(at("2030-06-04", "20:59", MIAMI), MIAMI)).isFalse();
        assertThat(night.contains(at("2030-06-04", "08:00", MIAMI), MIAMI)).isFalse();
        assertThat(night.contains(at("2030-06-04", "07:59", MIAMI), MIAMI)).isTrue();
    }

    @Test
    void daytimeMessagesGoAtOnce() {
        Instant noon = at("2030-06-04", "12:00", MIAMI);
        assertThat(night.earliestSendAt(noon, MIAMI)).isEqualTo(noon);
    }

    @Test
    void theClinicsZoneDecides() {
        // 05:00 UTC is 01:00 in Miami (quiet) and 22:00 the evening before in Los Angeles (quiet too, until 08:00 LA)
        Instant instant = Instant.parse("2030-06-04T05:00:00Z");
        assertThat(night.earliestSendAt(instant, MIAMI)).isEqualTo(at("2030-06-04", "08:00", MIAMI));
        assertThat(night.earliestSendAt(instant, LA)).isEqualTo(at("2030-06-04", "08:00", LA));
        // 13:00 UTC is 09:00 in Miami (fine) and 06:00 in Los Angeles (quiet)
        Instant morning = Instant.parse("2030-06-04T13:00:00Z");
        assertThat(night.earliestSendAt(morning, MIAMI)).isEqualTo(morning);
        assertThat(night.earliestSendAt(morning, LA)).isEqualTo(at("2030-06-04", "08:00", LA));
    }

    @Test
    void aWindowWithinOneDayWorksToo() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));
        assertThat(lunch.earliestSendAt(at("2030-06-04", "12:30", MIAMI), MIAMI)).isEqualTo(at("2030-06-04", "13:00", MIAMI));
        assertThat(lunch.contains(at("2030-06-04", "13:00", MIAMI), MIAMI)).isFalse();
    }

    @Test
    void theDaylightSavingChangeNightStillEndsAtEightLocalTime() {
        // 2030-03-10: clocks in Miami jump from 02:00 to 03:00
        assertThat(night.earliestSendAt(at("2030-03-10", "01:30", MIAMI), MIAMI)).isEqualTo(at("2030-03-10", "08:00", MIAMI));
    }

    @Test
    void noQuietHoursMeansNeverQuiet() {
        Instant instant = at("2030-06-04", "03:00", MIAMI);
        assertThat(QuietHours.NONE.earliestSendAt(instant, MIAMI)).isEqualTo(instant);
    }
}
