package health.liaison.notifications.inbound;

import health.liaison.notifications.NotificationProperties;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The SMS provider's webhooks: replies from patients and delivery receipts. Called by the provider, not a user, so
 * there is no bearer token; instead every call must carry the provider's signature of its body
 * ({@link WebhookSignature}), and the practice group is the one owning the clinic number the text was sent to.
 * What a text does is {@link SmsReplies}'; this is the dev provider's JSON adapter (Twilio's form-encoded one is
 * {@code health.liaison.notifications.twilio}). The answer's {@code reply} is the text the provider sends back.
 */
@RestController
class InboundSms {

    static final String SIGNATURE_HEADER = "X-Liaison-Signature";
    // providers add fields to their webhooks over time; the signature, not the shape, is what we trust
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final WebhookSignature signature;
    private final SmsReplies replies;

    InboundSms(NotificationProperties properties, SmsReplies replies) {
        this.signature = new WebhookSignature(properties.sms().webhookSecret());
        this.replies = replies;
    }

    record Answer(String reply) {
    }

    @Operation(summary = "Webhook: a patient's text to a clinic number (signed by the SMS provider)")
    @PostMapping(path = "/api/notifications/v1/inbound/sms", consumes = MediaType.APPLICATION_JSON_VALUE)
    Answer reply(@RequestBody byte[] body, @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        return new Answer(replies.textReceived(verified(body, signed, SmsReplies.IncomingText.class)));
    }

    @Operation(summary = "Webhook: the SMS provider's delivery receipt (signed)")
    @PostMapping(path = "/api/notifications/v1/inbound/sms/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> receipt(@RequestBody byte[] body, @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        replies.receiptReceived(verified(body, signed, SmsReplies.DeliveryReceipt.class));
        return Map.of("status", "recorded");
    }

    private <T> T verified(byte[] body, String signed, Class<T> type) {
        if (!signature.matches(body, signed)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-signature", "Unauthorized",
                    "The webhook signature does not match its body.", Map.of());
        }
        try {
            return JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not a valid webhook payload");
        }
    }
}
