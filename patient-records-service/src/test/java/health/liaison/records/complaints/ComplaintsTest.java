package health.liaison.records.complaints;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ComplaintsTest {

    @Test
    void dueDatesCountBusinessDaysOnly() {
        LocalDate friday = LocalDate.parse("2026-11-27");
        assertThat(Complaints.addBusinessDays(friday, 1)).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(Complaints.addBusinessDays(friday, 5)).isEqualTo(LocalDate.parse("2026-12-04"));
        assertThat(Complaints.addBusinessDays(LocalDate.parse("2026-11-24"), 3)).isEqualTo(LocalDate.parse("2026-11-27"));
    }
}
