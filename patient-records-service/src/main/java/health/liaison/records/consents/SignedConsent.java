package health.liaison.records.consents;

import java.time.Instant;

/**
 * A patient's signature on one version of a consent form, or its revocation. The signer's name and the reason for a
 * revocation (free text that can name clinical details) are sealed.
 */
public record SignedConsent(String id, String patientId, String consentType, String templateId, int templateVersion,
                            String textSha256, String sealedSigner, String signerRelationship, Instant signedAt,
                            String recordedBy, String status, Instant revokedAt, String revokedBy,
                            String sealedRevocationReason) {

    public static final String SIGNED = "SIGNED";
    public static final String REVOKED = "REVOKED";

    SignedConsent revoked(Instant at, String by, String sealedReason) {
        return new SignedConsent(id, patientId, consentType, templateId, templateVersion, textSha256, sealedSigner,
                signerRelationship, signedAt, recordedBy, REVOKED, at, by, sealedReason);
    }
}
