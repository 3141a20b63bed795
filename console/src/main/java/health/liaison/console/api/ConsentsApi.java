package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The records service's consent forms and signatures, as the console's consent screen uses them. */
@Component
public class ConsentsApi {

    private final RestClient gateway;

    ConsentsApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Signature(String id, String consentType, String templateId, int templateVersion, String signerName,
                            String signerRelationship, Instant signedAt, String recordedBy, String status,
                            Instant revokedAt, String revokedBy, String revocationReason) {
    }

    public record Missing(String consentType, String templateId, int currentVersion, String reason) {
    }

    public record Form(String id, String consentType, int version, String title, String text, String textSha256) {
    }

    public List<Signature> signatures(String patientId) {
        return gateway.get().uri("/api/records/v1/patients/{id}/consents", patientId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    /** Consents still missing for the patient's booked surgeries, or for the given types when there are any. */
    public List<Missing> missing(String patientId, List<String> consentTypes) {
        return gateway.get().uri(uri -> {
                    uri.path("/api/records/v1/patients/{id}/consents/missing");
                    if (!consentTypes.isEmpty()) {
                        uri.queryParam("consentTypes", consentTypes.toArray());
                    }
                    return uri.build(patientId);
                })
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** The versions of a consent type's form, newest first. */
    public List<Form> forms(String consentType) {
        return gateway.get().uri(uri -> uri.path("/api/records/v1/consent-templates").queryParam("consentType", consentType).build())
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** The signature on exactly the text shown (its SHA-256 from the form shown); the key makes a double submit sign once. */
    public Signature sign(String patientId, String templateId, String textSha256, String signerName, String relationship,
                          UUID idempotencyKey) {
        Map<String, Object> body = new HashMap<>();
        body.put("templateId", templateId);
        body.put("textSha256", textSha256);
        body.put("signerName", signerName);
        body.put("signerRelationship", relationship);
        return gateway.post().uri("/api/records/v1/patients/{id}/consents", patientId)
                .header("Idempotency-Key", idempotencyKey.toString()).body(body).retrieve().body(Signature.class);
    }
}
