package health.liaison.notifications.inbound;

import health.liaison.notifications.clinics.Clinic;
import health.liaison.notifications.clinics.Clinics;
import health.liaison.notifications.delivery.Message;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * The e-mail provider's bounce webhook (SES, SendGrid, Postmark and the like all offer one): a hard bounce or a
 * complaint turns a sent e-mail into BOUNCED, visible to coordinators, and publishes message.failed with reason
 * BOUNCED; a soft bounce (mailbox full, greylisting) is only acknowledged, the provider retries it. Like the SMS
 * webhooks it carries no token: the provider's signature of the body is the credential, and the practice group is
 * the one owning the clinic address the e-mail was sent from. This is the dev provider's JSON adapter of
 * {@link BouncedEmails}; SendGrid's signed event webhook is {@code health.liaison.notifications.sendgrid}.
 */
@RestController
class EmailBounces {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final WebhookSignature signature;
    private final Clinics clinics;
    private final BouncedEmails bounces;

    EmailBounces(@Value("${liaison.notifications.email.webhook-secret:${liaison.notifications.sms.webhook-secret}}") String secret,
                 Clinics clinics, BouncedEmails bounces) {
        this.signature = new WebhookSignature(secret);
        this.clinics = clinics;
        this.bounces = bounces;
    }

    /** What the provider tells: the Message-ID it accepted, the clinic address it came from, and the kind of bounce. */
    record Bounce(String providerMessageId, String from, String kind) {
    }

    @Operation(summary = "Webhook: the e-mail provider's bounce or complaint for a sent message (signed)")
    @PostMapping(path = "/api/notifications/v1/inbound/email/bounces", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> bounce(@RequestBody byte[] body, @RequestHeader(value = InboundSms.SIGNATURE_HEADER, required = false) String signed) {
        if (!signature.matches(body, signed)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-signature", "Unauthorized",
                    "The webhook signature does not match its body.", Map.of());
        }
        Bounce bounce;
        try {
            bounce = JSON.readValue(body, Bounce.class);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not a valid bounce payload");
        }
        if (bounce.providerMessageId() == null || bounce.from() == null || bounce.kind() == null) {
            throw ApiProblem.invalid("providerMessageId, from, kind", "are required");
        }
        String kind = bounce.kind().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("hard", "soft", "complaint").contains(kind)) {
            throw ApiProblem.invalid("kind", "must be hard, soft or complaint");
        }
        Clinic clinic = clinics.byEmailSender(bounce.from()).orElseThrow(() -> ApiProblem.notFound("clinic address"));
        return Map.of("status", bounces.reported(clinic.tenantId(), bounce.providerMessageId(),
                BouncedEmails.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT))));
    }
}
