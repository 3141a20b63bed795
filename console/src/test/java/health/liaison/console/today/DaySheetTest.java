package health.liaison.console.today;

import health.liaison.console.api.SchedulingApi.Appointment;
import health.liaison.console.api.SchedulingApi.Flow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DaySheetTest {

    static final Instant START = Instant.parse("2026-12-07T14:00:00Z");

    static Appointment appointment(String status, Flow flow) {
        return new Appointment("a-1", "p-1", "aurora-miami", "consultation", "Surgical consultation", "CONSULTATION",
                status, START, START.plusSeconds(3600), List.of("dr-alvarez"), List.of("consult-miami-1"), flow, null);
    }

    @Test
    void anExpectedPatientCanBeCheckedInOrMarkedANoShowAndHasNoWaitsYet() {
        DaySheet.Row row = DaySheet.row(appointment("BOOKED", null), "José Pérez", START);
        assertThat(row.stage()).isEqualTo("EXPECTED");
        assertThat(row.steps()).containsExactly("check-in", "no-show");
        assertThat(row.waitingMinutes()).isNull();
        assertThat(row.typeName()).isEqualTo("Surgical consultation");
    }

    @Test
    void theWaitingRoomTimeRunsUntilThePatientIsRoomedThenTheRoomTimeUntilTheProvider() {
        Instant arrived = START.minusSeconds(600);
        DaySheet.Row waiting = DaySheet.row(appointment("CHECKED_IN", new Flow(arrived, null, null, null)), null,
                arrived.plusSeconds(12 * 60));
        assertThat(waiting.stage()).isEqualTo("WAITING");
        assertThat(waiting.waitingMinutes()).isEqualTo(12);
        assertThat(waiting.steps()).containsExactly("roomed");

        Instant roomed = arrived.plusSeconds(15 * 60);
        Instant withProvider = roomed.plusSeconds(7 * 60);
        Instant out = withProvider.plusSeconds(25 * 60);
        DaySheet.Row done = DaySheet.row(appointment("COMPLETED", new Flow(arrived, roomed, withProvider, out)), null,
                out.plusSeconds(3600));
        assertThat(done.stage()).isEqualTo("DONE");
        assertThat(done.waitingMinutes()).isEqualTo(15);
        assertThat(done.roomedMinutes()).isEqualTo(7);
        assertThat(done.visitMinutes()).isEqualTo(25);
        assertThat(done.steps()).isEmpty();
    }

    @Test
    void cancelledHeldAndNoShowAppointmentsOfferNoSteps() {
        for (String status : List.of("CANCELLED", "HELD", "NO_SHOW")) {
            DaySheet.Row row = DaySheet.row(appointment(status, null), null, START);
            assertThat(row.stage()).isEqualTo(status);
            assertThat(row.steps()).isEmpty();
        }
    }
}
