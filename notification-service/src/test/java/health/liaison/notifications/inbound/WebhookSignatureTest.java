package health.liaison.notifications.inbound;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    final WebhookSignature signature = new WebhookSignature("shared-secret");
    final byte[] body = "{\"from\":\"+13055550123\",\"body\":\"C\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theProvidersSignatureOfTheExactBodyMatches() {
        assertThat(signature.matches(body, signature.sign(body))).isTrue();
    }

    @Test
    void aChangedBodyAnotherSecretOrNoSignatureDoNot() {
        byte[] changed = "{\"from\":\"+13055550123\",\"body\":\"STOP\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.matches(changed, signature.sign(body))).isFalse();
        assertThat(signature.matches(body, new WebhookSignature("other").sign(body))).isFalse();
        assertThat(signature.matches(body, null)).isFalse();
        assertThat(signature.matches(body, "")).isFalse();
    }
}
