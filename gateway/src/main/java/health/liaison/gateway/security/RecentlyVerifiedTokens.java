package health.liaison.gateway.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for a short while, the tokens that have passed full validation, so a client sending the same token
 * on every request (what clients do until it expires) costs one signature check and one parse per
 * {@link #REMEMBER}, not one per request. Only the exact token text that the wrapped decoder accepted is ever
 * answered from memory, and never past its {@code exp} (the wrapped decoder's clock skew still applies after
 * that, since a forgotten token is simply validated again). Issuer, audience and signature are properties of the
 * token text, so their verdict cannot change while it is remembered; a signing key withdrawn from the JWKS stops
 * being honoured at most {@link #REMEMBER} later than it would be without this.
 * Tokens that fail validation are never remembered. Memory is bounded: at {@link #CAPACITY} entries the expired
 * ones are dropped, and if that is not enough, all of them.
 */
final class RecentlyVerifiedTokens implements ReactiveJwtDecoder {

    static final Duration REMEMBER = Duration.ofMinutes(5);
    static final int CAPACITY = 10_000;

    private final ReactiveJwtDecoder decoder;
    private final Clock clock;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    RecentlyVerifiedTokens(ReactiveJwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    private record Remembered(Jwt jwt, Instant until) {
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Instant now = clock.instant();
        Remembered remembered = verified.get(token);
        if (remembered != null) {
            if (now.isBefore(remembered.until())) {
                return Mono.just(remembered.jwt());
            }
            verified.remove(token, remembered);
        }
        return decoder.decode(token).doOnNext(jwt -> remember(token, jwt, now));
    }

    private void remember(String token, Jwt jwt, Instant now) {
        Instant until = now.plus(REMEMBER);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (!now.isBefore(until)) {
            return;
        }
        if (verified.size() >= CAPACITY) {
            verified.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
        }
        verified.put(token, new Remembered(jwt, until));
    }

    int size() {
        return verified.size();
    }
}
