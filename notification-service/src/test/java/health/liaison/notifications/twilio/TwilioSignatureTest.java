package health.liaison.notifications.twilio;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's documented example (its security guide): auth token 12345, this URL and these parameters. */
class TwilioSignatureTest {

    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+14158675310"), "Digits", List.of("1234"),
            "From", List.of("+14158675310"), "To", List.of("+18005551212"));
    private static final String DOCUMENTED = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    private final TwilioSignature signature = new TwilioSignature("12345");

    @Test
    void signsTwiliosDocumentedExampleAsTwilioDoes() {
        assertThat(signature.sign(URL, PARAMETERS)).isEqualTo(DOCUMENTED);
        assertThat(signature.matches(URL, PARAMETERS, DOCUMENTED)).isTrue();
    }

    @Test
    void refusesAnotherTokenAChangedParameterOrUrlAndNoSignature() {
        assertThat(new TwilioSignature("54321").matches(URL, PARAMETERS, DOCUMENTED)).isFalse();
        assertThat(signature.matches(URL, Map.of("CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+14158675310"),
                "Digits", List.of("9999"), "From", List.of("+14158675310"), "To", List.of("+18005551212")), DOCUMENTED)).isFalse();
        assertThat(signature.matches("https://mycompany.com/myapp.php?foo=1&bar=3", PARAMETERS, DOCUMENTED)).isFalse();
        assertThat(signature.matches(URL, PARAMETERS, null)).isFalse();
        assertThat(signature.matches(URL, PARAMETERS, "")).isFalse();
    }
}
