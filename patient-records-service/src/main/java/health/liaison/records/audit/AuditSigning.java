package health.liaison.records.audit;

import health.liaison.platform.privacy.SigningKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key that signs the audit chains' checkpoints: {@code liaison.records.audit.signing-keyset} (a Tink ED25519
 * keyset) from the secret store, or a throwaway one in the encryption's dev key directory on a developer machine.
 */
@Component
class AuditSigning {

    private final SigningKeys keys;

    AuditSigning(@Value("${liaison.records.audit.signing-keyset:}") String keyset,
                 @Value("${liaison.records.encryption.dev-key-directory:}") String devKeyDirectory) {
        this.keys = SigningKeys.load(keyset, devKeyDirectory, "LIAISON_RECORDS_AUDIT_SIGNING_KEYSET",
                "records-audit-signing-keyset.json");
    }

    SigningKeys keys() {
        return keys;
    }
}
