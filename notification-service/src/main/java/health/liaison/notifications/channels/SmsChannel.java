package health.liaison.notifications.channels;

import health.liaison.notifications.NotificationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SMS through a Twilio-style REST API: {@code POST {base-url}/2010-04-01/Accounts/{sid}/Messages.json} with
 * form fields To, From, Body and basic authentication; the answer's {@code sid} identifies the message for delivery
 * receipts. A 429 or 5xx is worth retrying, another 4xx (invalid number, unsubscribed recipient) is not. Every
 * attempt for one message carries the same {@code I-Twilio-Idempotency-Token}, so the provider takes a resend after a
 * lost answer or a crash as the same request. The default {@link SmsSender} ({@code liaison.notifications.sms.provider=twilio}); another provider's adapter
 * takes another value.
 */
@Component
@ConditionalOnProperty(name = "liaison.notifications.sms.provider", havingValue = "twilio", matchIfMissing = true)
public class SmsChannel implements SmsSender {

    public static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private final RestClient http;
    private final NotificationProperties.Sms settings;
    private final ProviderGuards guards;

    SmsChannel(NotificationProperties properties, ProviderGuards guards) {
        this.settings = properties.sms();
        this.guards = guards;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(settings.timeout()).build());
        requests.setReadTimeout(settings.timeout());
        this.http = RestClient.builder().baseUrl(settings.baseUrl()).requestFactory(requests)
                .defaultHeaders(h -> h.setBasicAuth(settings.accountSid(), settings.authToken())).build();
    }

    public static boolean isPhoneNumber(String number) {
        return number != null && E164.matcher(number).matches();
    }

    @Override
    public String send(Outgoing outgoing, String idempotencyKey) {
        if (!isPhoneNumber(outgoing.to())) {
            throw SendFailure.permanent("INVALID_ADDRESS", null);
        }
        if (outgoing.from() == null) {
            throw SendFailure.permanent("NO_SENDER_NUMBER", null);
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("To", outgoing.to());
        form.add("From", outgoing.from());
        form.add("Body", outgoing.body());
        return guards.call("sms", () -> {
            try {
                Map<?, ?> answer = http.post().uri("/2010-04-01/Accounts/{sid}/Messages.json", settings.accountSid())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .header(IDEMPOTENCY_HEADER, idempotencyKey).body(form)
                        .retrieve().body(Map.class);
                Object sid = answer == null ? null : answer.get("sid");
                if (sid == null) {
                    throw SendFailure.retryable("PROVIDER_BAD_ANSWER", null);
                }
                return sid.toString();
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode().value() == 429) {
                    throw SendFailure.retryable("PROVIDER_THROTTLED", e);
                }
                throw SendFailure.permanent("PROVIDER_REJECTED", e);
            } catch (HttpServerErrorException | ResourceAccessException e) {
                throw SendFailure.retryable("PROVIDER_UNAVAILABLE", e);
            } catch (RestClientException e) {
                throw SendFailure.retryable("PROVIDER_UNAVAILABLE", e);
            }
        });
    }
}
