package health.liaison.notifications.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * SendGrid's signed event webhook, per its documentation: {@code X-Twilio-Email-Event-Webhook-Signature} is the
 * Base64 of an ECDSA (P-256, SHA-256, DER) signature over the {@code X-Twilio-Email-Event-Webhook-Timestamp} header
 * followed by the raw body; the verification key is the Base64 public key SendGrid shows for the webhook. Without a
 * configured key nothing verifies.
 */
public final class SendGridSignature {

    private final PublicKey key;

    public SendGridSignature(String base64PublicKey) {
        this.key = base64PublicKey == null || base64PublicKey.isBlank() ? null : parse(base64PublicKey.trim());
    }

    private static PublicKey parse(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("liaison.notifications.sendgrid.verification-key is not a Base64 EC public key", e);
        }
    }

    public boolean matches(byte[] body, String timestamp, String signature) {
        if (key == null || timestamp == null || signature == null || signature.isBlank()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
