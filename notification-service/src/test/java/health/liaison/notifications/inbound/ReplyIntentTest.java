package health.liaison.notifications.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyIntentTest {

    @Test
    void carrierKeywordsAreUnderstoodWhateverTheCaseAndSpacing() {
        assertThat(ReplyIntent.of(" stop ")).isEqualTo(ReplyIntent.STOP);
        assertThat(ReplyIntent.of("Unsubscribe")).isEqualTo(ReplyIntent.STOP);
        assertThat(ReplyIntent.of("START")).isEqualTo(ReplyIntent.START);
        assertThat(ReplyIntent.of("help")).isEqualTo(ReplyIntent.HELP);
        assertThat(ReplyIntent.of("Ayuda")).isEqualTo(ReplyIntent.HELP);
    }

    @Test
    void cConfirms() {
        assertThat(ReplyIntent.of("C")).isEqualTo(ReplyIntent.CONFIRM);
        assertThat(ReplyIntent.of("c.")).isEqualTo(ReplyIntent.CONFIRM);
        assertThat(ReplyIntent.of("Confirmar")).isEqualTo(ReplyIntent.CONFIRM);
    }

    @Test
    void anythingElseGoesToACoordinator() {
        assertThat(ReplyIntent.of("Can I come at 3 instead?")).isEqualTo(ReplyIntent.OTHER);
        assertThat(ReplyIntent.of("please stop calling my husband")).isEqualTo(ReplyIntent.OTHER);
        assertThat(ReplyIntent.of("")).isEqualTo(ReplyIntent.OTHER);
    }
}
