package health.liaison.notifications.preferences;

import health.liaison.notifications.NotificationProperties;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A keyed hash (HMAC-SHA256, key {@code liaison.notifications.contact-key}) of a phone number or an e-mail address:
 * lets us recognise the number or address a reply comes from, and keep one opted out, without storing it.
 */
@Component
public class ContactKeys {

    private final byte[] key;

    ContactKeys(NotificationProperties properties) {
        this.key = properties.contactKey().getBytes(StandardCharsets.UTF_8);
    }

    public String of(String phoneNumber) {
        return hash(phoneNumber == null ? "" : phoneNumber.replaceAll("[^+0-9]", ""));
    }

    /** The key of an e-mail address (trimmed, case folded; "mailto:" so no address can share a number's key). */
    public String ofEmail(String address) {
        return hash("mailto:" + (address == null ? "" : address.trim().toLowerCase(Locale.ROOT)));
    }

    private String hash(String normalized) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
