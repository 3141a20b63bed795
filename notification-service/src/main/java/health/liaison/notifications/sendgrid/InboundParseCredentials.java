package health.liaison.notifications.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SendGrid's Inbound Parse posts carry no signature; the URL configured at SendGrid holds basic-auth credentials
 * ({@code https://user:password@host/...}), which it sends as {@code Authorization: Basic ...}. This checks that
 * header against the configured pair in constant time (both sides hashed first, so neither their content nor their
 * length shows in the timing). Without a configured password every call is refused.
 */
final class InboundParseCredentials {

    private final byte[] expected;

    InboundParseCredentials(String username, String password) {
        this.expected = password == null || password.isBlank() || username == null || username.isBlank() ? null
                : sha256((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    boolean matches(String authorization) {
        if (expected == null || authorization == null || authorization.length() > 1024
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(given));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
