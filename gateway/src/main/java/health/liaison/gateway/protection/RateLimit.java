package health.liaison.gateway.protection;

import health.liaison.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;

/**
 * Holds back a flood: {@code 429} with {@code Retry-After} once a user or their practice group has used its
 * allowance for the current window. Counters live in MongoDB (see {@link SharedCounters}) so the limit is the same
 * whichever replica a request lands on; a replica claims them in batches ({@link LocalAllowances}), so most requests
 * of a busy user cost no round trip and the limit stays exact. If the counter store does not answer in time the request is let through:
 * a slow MongoDB must not take the whole API down with it.
 */
@Component
class RateLimit implements WebFilter, Ordered {

    /** After Spring Security's filter chain (order -100), which has put the caller's authentication in place. */
    static final int ORDER = -90;
    private static final Logger log = LoggerFactory.getLogger(RateLimit.class);

    private static final Mono<Verdict> ALLOWED = Mono.just(Verdict.ALLOWED);

    private final RateLimits limits;
    private final SharedCounters counters;
    private final LocalAllowances allowances;
    private final Clock clock;

    RateLimit(RateLimits limits, SharedCounters counters) {
        this.limits = limits;
        this.counters = counters;
        this.allowances = new LocalAllowances(limits.perUser(), limits.perTenant());
        this.clock = Clock.systemUTC();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limits.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .flatMap(caller -> check(exchange, caller))
                .switchIfEmpty(ALLOWED)
                .flatMap(verdict -> verdict.allowed() ? chain.filter(exchange) : tooMany(exchange, verdict.retryAfterSeconds()));
    }

    private Mono<Verdict> check(ServerWebExchange exchange, Authentication caller) {
        JwtAuthenticationToken token = (JwtAuthenticationToken) caller;
        String tenant = String.valueOf(token.getToken().getClaims().getOrDefault("tenant", "none"));
        String user = String.valueOf(token.getName());
        FixedWindow window = FixedWindow.containing(clock.instant(), limits.window());
        long start = window.start().toEpochMilli();
        if (allowances.takeHeld(tenant, user, start)) {
            return ALLOWED;
        }
        if (allowances.exhausted(tenant, user, start)) {
            return Mono.just(new Verdict(false, window.secondsUntilEnd(clock.instant())));
        }
        int claim = allowances.claimSize(tenant, user, start);
        return counters.increment(tenant, user, window, claim)
                .map(counts -> allowances.claimed(tenant, user, start, claim, counts.user(), counts.tenant())
                        ? Verdict.ALLOWED
                        : new Verdict(false, window.secondsUntilEnd(clock.instant())))
                .timeout(limits.storeTimeout())
                .onErrorResume(failure -> {
                    log.warn("Rate-limit counters unavailable, letting {} {} through: {}", exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath().value(), failure.getClass().getName());
                    return ALLOWED;
                });
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, long retryAfterSeconds) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
                "Too many requests; retry after " + retryAfterSeconds + " seconds.");
    }

    private record Verdict(boolean allowed, long retryAfterSeconds) {
        static final Verdict ALLOWED = new Verdict(true, 0);
    }
}
