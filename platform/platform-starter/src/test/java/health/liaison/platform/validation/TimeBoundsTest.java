package health.liaison.platform.validation;

import health.liaison.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeBoundsTest {

    TimeBounds bounds = new TimeBounds(LocalDate.of(2000, 1, 1), Period.ofYears(5),
            Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void fromTheEarliestDayToTheHorizonIsAllowed() {
        assertThat(bounds.allows(LocalDate.of(2000, 1, 1), null)).isTrue();
        assertThat(bounds.allows(Instant.parse("2031-12-07T23:59:59Z"), null)).isTrue();
        assertThat(bounds.allows(null, null)).isTrue();
    }

    @Test
    void beforeTheEarliestDayOrBeyondTheHorizonIsNot() {
        assertThat(bounds.allows(LocalDate.of(1999, 12, 31), null)).isFalse();
        assertThat(bounds.allows(Instant.parse("2031-12-08T00:00:00Z"), null)).isFalse();
        assertThat(bounds.allows(Instant.parse("+99999-01-01T09:00:00Z"), null)).isFalse();
        assertThat(bounds.allows(Instant.MAX, null)).isFalse();
        assertThat(bounds.allows(Instant.MIN, null)).isFalse();
        assertThat(bounds.allows(LocalDate.of(2040, 1, 1), Period.ofYears(30))).isTrue();
        assertThatThrownBy(() -> bounds.require("date", LocalDate.of(2099, 1, 1)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.getMessage()).contains("date"));
    }
}
