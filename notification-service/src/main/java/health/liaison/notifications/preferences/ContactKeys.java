package health.liaison.notifications.preferences;

import health.liaison.notifications.NotificationProperties;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A keyed hash (HMAC-SHA256, key {@code liaison.notifications.contact-key}) of a phone number: lets us recognise
 * the number a reply comes from, and keep a number opted out, without storing the number itself.
 */
@Component
public class ContactKeys {

    private final byte[] key;

    ContactKeys(NotificationProperties properties) {
        this.key = properties.contactKey().getBytes(StandardCharsets.UTF_8);
    }

    public String of(String phoneNumber) {
        String normalized = phoneNumber == null ? "" : phoneNumber.replaceAll("[^+0-9]", "");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
