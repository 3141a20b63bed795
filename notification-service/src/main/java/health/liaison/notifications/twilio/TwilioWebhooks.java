package health.liaison.notifications.twilio;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.inbound.SmsReplies;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Twilio's own webhooks, form-encoded as Twilio sends them: an incoming message ({@code MessageSid}, {@code From},
 * {@code To}, {@code Body}, …) answered with TwiML, and the status callback ({@code MessageSid}, {@code MessageStatus},
 * {@code From}). Each must carry a valid {@code X-Twilio-Signature} ({@link TwilioSignature}, keyed with the auth
 * token) or it is refused with 403 and changes nothing. The URL signed is the one Twilio called: the configured
 * public base ({@code liaison.notifications.twilio.webhook-base-url}, as the service sits behind the gateway) plus
 * the path and query, or the request's own URL when unset. What the text does is {@link SmsReplies}'.
 */
@RestController
class TwilioWebhooks {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    static final String INBOUND_PATH = "/api/notifications/v1/inbound/twilio/sms";
    static final String STATUS_PATH = "/api/notifications/v1/inbound/twilio/sms/status";

    private final TwilioSignature signature;
    private final SmsReplies replies;
    private final String publicBaseUrl;

    TwilioWebhooks(NotificationProperties properties, SmsReplies replies,
                   @Value("${liaison.notifications.twilio.webhook-base-url:}") String publicBaseUrl) {
        this.signature = new TwilioSignature(properties.sms().authToken());
        this.replies = replies;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    @Operation(summary = "Webhook: Twilio's incoming message (form-encoded, X-Twilio-Signature), answered with TwiML")
    @PostMapping(path = INBOUND_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> incoming(HttpServletRequest request,
                                    @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        MultiValueMap<String, String> form = verified(request, signed);
        String reply = replies.textReceived(new SmsReplies.IncomingText(form.getFirst("From"), form.getFirst("To"),
                form.getFirst("Body"), form.getFirst("MessageSid")));
        String twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + xml(reply) + "</Message></Response>";
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(twiml);
    }

    @Operation(summary = "Webhook: Twilio's message status callback (form-encoded, X-Twilio-Signature)")
    @PostMapping(path = STATUS_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> status(HttpServletRequest request,
                                @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        MultiValueMap<String, String> form = verified(request, signed);
        if (form.getFirst("MessageSid") == null || form.getFirst("MessageStatus") == null) {
            throw ApiProblem.invalid("MessageSid, MessageStatus", "are required");
        }
        replies.receiptReceived(new SmsReplies.DeliveryReceipt(form.getFirst("MessageSid"), form.getFirst("From"),
                form.getFirst("MessageStatus")));
        return ResponseEntity.noContent().build();
    }

    /** The POST parameters (without the query's, which are part of the signed URL), once the signature holds. */
    private MultiValueMap<String, String> verified(HttpServletRequest request, String signed) {
        String query = request.getQueryString();
        Set<String> inQuery = query == null ? Set.of()
                : UriComponentsBuilder.newInstance().query(query).build().getQueryParams().keySet();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!inQuery.contains(parameter.getKey())) {
                form.put(parameter.getKey(), List.copyOf(Arrays.asList(parameter.getValue())));
            }
        }
        String base = publicBaseUrl.isEmpty() ? request.getRequestURL().toString() : publicBaseUrl + request.getRequestURI();
        String url = query == null ? base : base + "?" + query;
        if (!signature.matches(url, form, signed)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "bad-signature", "Forbidden",
                    "The X-Twilio-Signature header does not match the request.", Map.of());
        }
        return form;
    }

    private static String xml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
