package health.liaison.scheduling.calendars;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Calendar subscription secrets: {@code base64url(tenant|provider|feedId).base64url(HMAC-SHA256)} under the key
 * {@code liaison.scheduling.feed-secret}. Calendar apps cannot log in, so the URL is the credential; the feed id is
 * checked against the provider's current {@link FeedSubscription}, so one leaked link can be revoked, and rotating the
 * key revokes every feed at once. Links issued before feed ids existed ({@code tenant|provider}) have none and stay
 * valid only until the provider's link is first rotated or revoked. Without a configured key a random one is used (feeds then die with the process
 * and differ between replicas), and the service says so.
 */
@Component
class FeedTokens {

    private static final Logger log = LoggerFactory.getLogger(FeedTokens.class);

    /** What a valid link names; {@code feedId} is null for a link issued before feed ids. */
    record Feed(String tenant, String providerId, String feedId) {
    }

    private final byte[] key;

    FeedTokens(@Value("${liaison.scheduling.feed-secret:}") String secret) {
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.key = random;
            log.warn("liaison.scheduling.feed-secret is not set: calendar feed URLs last only as long as this process");
        } else {
            this.key = secret.getBytes(StandardCharsets.UTF_8);
        }
    }

    String issue(String tenant, String providerId, String feedId) {
        String subject = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tenant + "|" + providerId + "|" + feedId).getBytes(StandardCharsets.UTF_8));
        return subject + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(subject));
    }

    Optional<Feed> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String subject = token.substring(0, dot);
        try {
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(subject))) {
                return Optional.empty();
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(subject), StandardCharsets.UTF_8).split("\\|", 3);
            return switch (parts.length) {
                case 2 -> Optional.of(new Feed(parts[0], parts[1], null));
                case 3 -> Optional.of(new Feed(parts[0], parts[1], parts[2]));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
