package health.liaison.notifications.sendgrid;

import health.liaison.notifications.channels.EmailChannel;
import health.liaison.notifications.inbound.BouncedEmails;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;

/**
 * SendGrid's event webhook (a JSON array of events), signed ({@link SendGridSignature}); a call whose signature does
 * not hold is refused with 403 and changes nothing. Of the events, {@code bounce} (a {@code blocked} one is soft),
 * {@code dropped}, {@code deferred} (soft) and {@code spamreport} (a complaint) go to {@link BouncedEmails}; the rest
 * (processed, delivered, open, click…) are ignored. An event names our e-mail by its {@code smtp-id} (the Message-ID
 * the relay accepted) and the practice group by the unique argument {@code liaison_tenant} that
 * {@link EmailChannel} put in the {@code X-SMTPAPI} header. An event for an e-mail we do not know is skipped, not
 * failed, so the provider does not retry the whole batch for it.
 */
@RestController
class SendGridEvents {

    static final String PATH = "/api/notifications/v1/inbound/sendgrid/events";
    static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
    private static final Logger log = LoggerFactory.getLogger(SendGridEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SendGridSignature signature;
    private final BouncedEmails bounces;

    SendGridEvents(@Value("${liaison.notifications.sendgrid.verification-key:}") String verificationKey, BouncedEmails bounces) {
        this.signature = new SendGridSignature(verificationKey);
        this.bounces = bounces;
    }

    @Operation(summary = "Webhook: SendGrid's signed event webhook (bounces, drops, deferrals, spam reports)")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Integer> events(@RequestBody byte[] body,
                                @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed,
                                @RequestHeader(value = TIMESTAMP_HEADER, required = false) String timestamp) {
        if (!signature.matches(body, timestamp, signed)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "bad-signature", "Forbidden",
                    "The event webhook signature does not match its timestamp and body.", Map.of());
        }
        JsonNode events;
        try {
            events = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not a JSON array of events");
        }
        if (events == null || !events.isArray()) {
            throw ApiProblem.invalid("body", "is not a JSON array of events");
        }
        int recorded = 0;
        for (JsonNode event : events) {
            Optional<BouncedEmails.Kind> kind = kindOf(text(event, "event"), text(event, "type"));
            String tenant = text(event, EmailChannel.TENANT_ARGUMENT), smtpId = text(event, "smtp-id");
            if (kind.isEmpty() || tenant == null || smtpId == null) {
                continue;
            }
            try {
                if (bounces.reported(tenant, smtpId, kind.get()).equals("recorded")) {
                    recorded++;
                }
            } catch (ApiProblem unknown) {
                log.info("SendGrid event {} names no e-mail of ours", text(event, "sg_event_id"));
            }
        }
        return Map.of("recorded", recorded);
    }

    static Optional<BouncedEmails.Kind> kindOf(String event, String type) {
        if (event == null) {
            return Optional.empty();
        }
        return switch (event) {
            case "bounce" -> Optional.of("blocked".equals(type) ? BouncedEmails.Kind.SOFT : BouncedEmails.Kind.HARD);
            case "dropped" -> Optional.of(BouncedEmails.Kind.HARD);
            case "deferred" -> Optional.of(BouncedEmails.Kind.SOFT);
            case "spamreport" -> Optional.of(BouncedEmails.Kind.COMPLAINT);
            default -> Optional.empty();
        };
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }
}
