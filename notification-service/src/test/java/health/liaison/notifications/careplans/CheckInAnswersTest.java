package health.liaison.notifications.careplans;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckInAnswersTest {

    @Test
    void digitsAndWordsInEnglishAndSpanishAreAnswers() {
        assertThat(CheckInAnswer.of("1")).contains(CheckInAnswer.BETTER);
        assertThat(CheckInAnswer.of(" mejor! ")).contains(CheckInAnswer.BETTER);
        assertThat(CheckInAnswer.of("2")).contains(CheckInAnswer.SAME);
        assertThat(CheckInAnswer.of("Igual")).contains(CheckInAnswer.SAME);
        assertThat(CheckInAnswer.of("3.")).contains(CheckInAnswer.WORSE);
        assertThat(CheckInAnswer.of("worse")).contains(CheckInAnswer.WORSE);
        assertThat(CheckInAnswer.of("PEOR")).contains(CheckInAnswer.WORSE);
    }

    @Test
    void anythingElseIsNoAnswer() {
        assertThat(CheckInAnswer.of("4")).isEmpty();
        assertThat(CheckInAnswer.of("3 days of pain")).isEmpty();
        assertThat(CheckInAnswer.of("")).isEmpty();
        assertThat(CheckInAnswer.of(null)).isEmpty();
    }
}
