package health.liaison.notifications.contacts;

import health.liaison.notifications.channels.ProviderGuards;
import health.liaison.notifications.channels.SendFailure;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Asks the records service for a patient's contact details at send time
 * ({@code GET {liaison.records.base-url}/api/records/v1/patients/{id}}), behind the "records" circuit breaker and
 * short timeouts, so a slow records service delays messages instead of stalling the dispatcher.
 *
 * <p>The call carries the service's own token for the message's practice group ({@link RecordsTokens}: OAuth2
 * client credentials per group), never the token of whoever triggered the message: messages go from timers and
 * events, where no user is present.
 */
@Component
public class PatientContacts {

    private final RestClient http;
    private final ProviderGuards guards;

    PatientContacts(@Value("${liaison.records.base-url:http://localhost:8082}") String baseUrl,
                    RecordsTokens tokens,
                    @Value("${liaison.records.timeout:3s}") Duration timeout, ProviderGuards guards) {
        this.guards = guards;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().baseUrl(baseUrl).requestFactory(requests)
                .requestInterceptor((request, body, execution) -> {
                    tokens.forTenant(Callers.find().map(Caller::tenantId).orElse(null))
                            .ifPresent(token -> request.getHeaders().setBearerAuth(token));
                    return execution.execute(request, body);
                }).build();
    }

    /** The text of care plan instructions issued to a patient, read from records at send time. */
    public record Instructions(String title, String instructions) {
        @Override
        public String toString() {
            return "Instructions[redacted]";
        }
    }

    public Instructions carePlan(String patientId, String carePlanId) {
        return guards.call("records", () -> {
            try {
                Instructions plan = http.get().uri("/api/records/v1/patients/{id}/care-plans/{plan}", patientId, carePlanId)
                        .retrieve().body(Instructions.class);
                if (plan == null || plan.instructions() == null) {
                    throw SendFailure.permanent("CARE_PLAN_UNKNOWN", null);
                }
                return plan;
            } catch (HttpClientErrorException.NotFound e) {
                throw SendFailure.permanent("CARE_PLAN_UNKNOWN", e);
            } catch (RestClientException e) {
                throw SendFailure.retryable("CARE_PLAN_UNAVAILABLE", e);
            }
        });
    }

    public Contact of(String patientId) {
        return guards.call("records", () -> {
            try {
                Contact contact = http.get().uri("/api/records/v1/patients/{id}", patientId).retrieve().body(Contact.class);
                if (contact == null) {
                    throw SendFailure.retryable("CONTACT_UNAVAILABLE", null);
                }
                return contact;
            } catch (HttpClientErrorException.NotFound e) {
                throw SendFailure.permanent("PATIENT_UNKNOWN", e);
            } catch (HttpClientErrorException e) {
                // 401/403: our token is wrong or expired; an operator fixes it, then the retries succeed
                throw SendFailure.retryable("CONTACT_UNAVAILABLE", e);
            } catch (RestClientException e) {
                throw SendFailure.retryable("CONTACT_UNAVAILABLE", e);
            }
        });
    }

    /** How to reach an inquirer, from records' SERVICE read of the inquiry's contact (audited there). */
    public Inquirer inquirer(String inquiryId) {
        return guards.call("records", () -> {
            try {
                Inquirer inquirer = http.get().uri("/api/records/v1/inquiries/{id}/contact", inquiryId).retrieve().body(Inquirer.class);
                if (inquirer == null) {
                    throw SendFailure.retryable("CONTACT_UNAVAILABLE", null);
                }
                return inquirer;
            } catch (HttpClientErrorException.NotFound e) {
                throw SendFailure.permanent("INQUIRY_UNKNOWN", e);
            } catch (RestClientException e) {
                throw SendFailure.retryable("CONTACT_UNAVAILABLE", e);
            }
        });
    }

    /** A new contact from someone records does not know yet. */
    public record NewInquiry(String locationId, String source, String phone, String email, String message) {
        @Override
        public String toString() {
            return "NewInquiry[" + source + "]";
        }
    }

    /**
     * Hands a text or e-mail from an unknown sender to records as an inquiry (idempotent by {@code key}, e.g. the
     * provider's message id, so a provider's retry makes none twice); returns the inquiry's id.
     */
    public String newInquiry(NewInquiry inquiry, String key) {
        return guards.call("records", () -> {
            try {
                Map<?, ?> created = http.post().uri("/api/records/v1/inquiries").header("Idempotency-Key", key)
                        .body(inquiry).retrieve().body(Map.class);
                if (created == null || created.get("id") == null) {
                    throw SendFailure.retryable("INQUIRY_NOT_TAKEN", null);
                }
                return String.valueOf(created.get("id"));
            } catch (RestClientException e) {
                throw SendFailure.retryable("INQUIRY_NOT_TAKEN", e);
            }
        });
    }
}
