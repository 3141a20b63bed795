package health.liaison.notifications.preferences;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsubscribeLinksTest {

    private final UnsubscribeLinks links = new UnsubscribeLinks("a-secret-of-32-characters-000000", "https://liaison.test/");
    private final UnsubscribeLinks.Unsubscribe what = new UnsubscribeLinks.Unsubscribe("aurora", "aurora-miami",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "inquiry-ack-inq-1-EMAIL");

    @Test
    void aLinkIsHttpsUnderThePublicPathAndItsTokenVerifiesToWhatItNames() {
        String link = links.linkFor(what);
        assertThat(link).startsWith("https://liaison.test/api/public/v1/notifications/unsubscribe/");
        assertThat(links.verify(link.substring(link.lastIndexOf('/') + 1))).contains(what);
    }

    @Test
    void aTamperedForgedOrMalformedTokenVerifiesToNothing() {
        String token = links.tokenFor(what);
        String otherPayload = links.tokenFor(new UnsubscribeLinks.Unsubscribe("belmont", "belmont-chicago",
                what.recipientKey(), what.messageId()));
        String swapped = otherPayload.substring(0, otherPayload.indexOf('.')) + token.substring(token.indexOf('.'));
        assertThat(links.verify(swapped)).isEmpty();
        assertThat(new UnsubscribeLinks("another-secret-of-32-characters0", "https://x.test").verify(token)).isEmpty();
        assertThat(links.verify(token.substring(0, token.indexOf('.')))).isEmpty();
        assertThat(links.verify("%%%.***")).isEmpty();
        assertThat(links.verify(null)).isEmpty();
    }

    @Test
    void anInsecureBaseUrlOrAShortSecretIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new UnsubscribeLinks("a-secret-of-32-characters-000000", "http://liaison.test"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new UnsubscribeLinks("short", "https://liaison.test"))
                .isInstanceOf(IllegalStateException.class);
    }
}
