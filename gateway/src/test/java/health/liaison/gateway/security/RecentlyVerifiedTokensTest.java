package health.liaison.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentlyVerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final AtomicInteger validations = new AtomicInteger();
    private final MovableClock clock = new MovableClock();
    private Instant expiresAt = NOW.plus(Duration.ofHours(1));
    private final ReactiveJwtDecoder strict = token -> {
        validations.incrementAndGet();
        if (token.startsWith("bad")) {
            return Mono.error(new BadJwtException("signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("u1")
                .issuedAt(NOW.minusSeconds(10)).expiresAt(expiresAt).build());
    };
    private final RecentlyVerifiedTokens tokens = new RecentlyVerifiedTokens(strict, clock);

    @Test
    void theSameTokenIsValidatedOnceWhileRemembered() {
        assertThat(tokens.decode("t1").block().getSubject()).isEqualTo("u1");
        assertThat(tokens.decode("t1").block().getSubject()).isEqualTo("u1");

        assertThat(validations).hasValue(1);
    }

    @Test
    void aRejectedTokenIsNeverRemembered() {
        assertThatThrownBy(() -> tokens.decode("bad-1").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad-1").block()).isInstanceOf(BadJwtException.class);

        assertThat(validations).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsValidatedAgainFromItsExpiryOn() {
        expiresAt = NOW.plus(Duration.ofMinutes(2));
        tokens.decode("t1").block();
        clock.now = expiresAt.minusMillis(1);
        tokens.decode("t1").block();
        clock.now = expiresAt;
        tokens.decode("t1").block();

        assertThat(validations).hasValue(2);
    }

    @Test
    void aLongLivedTokenIsRememberedForAtMostTheRememberingTime() {
        tokens.decode("t2").block();
        clock.now = NOW.plus(RecentlyVerifiedTokens.REMEMBER).minusMillis(1);
        tokens.decode("t2").block();
        clock.now = NOW.plus(RecentlyVerifiedTokens.REMEMBER);
        tokens.decode("t2").block();

        assertThat(validations).hasValue(2);
    }

    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
