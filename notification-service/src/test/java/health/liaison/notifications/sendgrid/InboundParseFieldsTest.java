package health.liaison.notifications.sendgrid;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class InboundParseFieldsTest {

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheConfiguredPairPassesAndNoPasswordRefusesEveryCall() {
        InboundParseCredentials credentials = new InboundParseCredentials("sendgrid-inbound", "s3cret");
        assertThat(credentials.matches(basic("sendgrid-inbound:s3cret"))).isTrue();
        assertThat(credentials.matches("basic " + basic("sendgrid-inbound:s3cret").substring(6))).isTrue();
        assertThat(credentials.matches(basic("sendgrid-inbound:s3cret2"))).isFalse();
        assertThat(credentials.matches(basic("other:s3cret"))).isFalse();
        assertThat(credentials.matches("Bearer s3cret")).isFalse();
        assertThat(credentials.matches("Basic ***")).isFalse();
        assertThat(credentials.matches(null)).isFalse();
        assertThat(new InboundParseCredentials("sendgrid-inbound", "").matches(basic("sendgrid-inbound:"))).isFalse();
    }

    @Test
    void theMessageIdIsReadFromTheRawHeadersEvenWhenFolded() {
        assertThat(SendGridInboundParse.messageIdOf("From: a@b.example\r\nMessage-ID: <abc@mail.example>\r\nTo: c@d.example"))
                .isEqualTo("<abc@mail.example>");
        assertThat(SendGridInboundParse.messageIdOf("From: a@b.example\nMessage-Id:\n <folded@mail.example>\nSubject: x"))
                .isEqualTo("<folded@mail.example>");
        assertThat(SendGridInboundParse.messageIdOf("From: a@b.example\nSubject: x")).isNull();
    }

    @Test
    void theSenderCountsAsAuthenticatedOnlyWhenDkimOrSpfPassesForTheFromDomain() {
        assertThat(SendGridInboundParse.authenticated("Ana <ana@gmail.example>", "ana@gmail.example", "fail", "{@gmail.example : pass}")).isTrue();
        assertThat(SendGridInboundParse.authenticated("Ana <ana@gmail.example>", "bounce@gmail.example", "pass", null)).isTrue();
        assertThat(SendGridInboundParse.authenticated("Ana <ana@gmail.example>", "x@forger.example", "pass", "{@forger.example : pass}")).isFalse();
        assertThat(SendGridInboundParse.authenticated("Ana <ana@gmail.example>", "ana@gmail.example", "softfail", "{@gmail.example : fail}")).isFalse();
        assertThat(SendGridInboundParse.authenticated("Ana <ana@gmail.example>", null, null, null)).isNull();
    }

    @Test
    void anHtmlOnlyBodyIsReadAsText() {
        assertThat(HtmlText.of("<html><head><style>p{}</style></head><body><p>Hola &amp; adiós</p><p>Two<br>lines</p></body></html>"))
                .isEqualTo("Hola & adiós\nTwo\nlines");
    }
}
