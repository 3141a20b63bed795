package health.liaison.notifications.preferences;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The one-click unsubscribe link (RFC 8058) an e-mail carries in {@code List-Unsubscribe}: HTTPS, under the public
 * path the gateway opens without a token, holding a token that names the practice group, the clinic, the address's
 * keyed hash and the message, signed with HMAC-SHA256 ({@code liaison.notifications.unsubscribe.secret}). No address
 * or name is in it, and without the secret no valid token can be made for another address.
 */
@Component
public class UnsubscribeLinks {

    public static final String PATH = "/api/public/v1/notifications/unsubscribe/";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final byte[] secret;
    private final String baseUrl;

    UnsubscribeLinks(@Value("${liaison.notifications.unsubscribe.secret}") String secret,
                     @Value("${liaison.notifications.unsubscribe.base-url}") String baseUrl) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("liaison.notifications.unsubscribe.secret must be at least 16 characters");
        }
        if (!baseUrl.startsWith("https://")) {
            throw new IllegalStateException("liaison.notifications.unsubscribe.base-url must be an https:// URL (RFC 8058)");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** What a valid token names. */
    public record Unsubscribe(String tenantId, String locationId, String recipientKey, String messageId) {
    }

    public String linkFor(Unsubscribe what) {
        return baseUrl + PATH + tokenFor(what);
    }

    String tokenFor(Unsubscribe what) {
        for (String part : new String[]{what.tenantId(), what.locationId(), what.recipientKey(), what.messageId()}) {
            if (part == null || part.contains("|")) {
                throw new IllegalArgumentException("an unsubscribe token names ids without '|'");
            }
        }
        byte[] payload = String.join("|", "1", what.tenantId(), what.locationId(), what.recipientKey(), what.messageId())
                .getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(sign(payload));
    }

    /** The token's content when its signature holds; empty for anything else (malformed, forged, tampered). */
    public Optional<Unsubscribe> verify(String token) {
        if (token == null || token.length() > 600) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODE.decode(token.substring(0, dot));
            byte[] signature = DECODE.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 5 || !"1".equals(parts[0])) {
                return Optional.empty();
            }
            return Optional.of(new Unsubscribe(parts[1], parts[2], parts[3], parts[4]));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
