package health.liaison.platform.tenancy;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The caller of the current unit of work: the bearer of the validated access token on an HTTP request, or the
 * tenant an event handler acts for. Stores scope every query by {@link #current()}'s tenant, so code never passes
 * a tenant id around by hand (and cannot take one from a request body or header).
 */
public final class Callers {

    private static final ThreadLocal<Caller> BOUND = new ThreadLocal<>();

    private Callers() {
    }

    public static Caller current() {
        return find().orElseThrow(() -> new IllegalStateException(
                "No caller: this code runs outside an authenticated request or an event handler"));
    }

    public static Optional<Caller> find() {
        Caller bound = BOUND.get();
        if (bound != null) {
            return Optional.of(bound);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(fromJwt(token.getToken()));
        }
        return Optional.empty();
    }

    public static Caller fromJwt(Jwt jwt) {
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(LiaisonClaims.TENANT),
                strings(jwt.getClaim(LiaisonClaims.LOCATIONS)), strings(jwt.getClaim(LiaisonClaims.ROLES)),
                jwt.getClaimAsString(LiaisonClaims.PATIENT_ID));
    }

    /** Runs {@code work} as {@code caller} on this thread, then restores what was there. */
    public static <T> T callAs(Caller caller, Supplier<T> work) {
        Caller previous = BOUND.get();
        BOUND.set(caller);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        }
    }

    public static void runAs(Caller caller, Runnable work) {
        callAs(caller, () -> {
            work.run();
            return null;
        });
    }

    private static Set<String> strings(Object claim) {
        if (claim instanceof Collection<?> values) {
            Set<String> result = new HashSet<>();
            values.forEach(v -> result.add(String.valueOf(v)));
            return result;
        }
        if (claim instanceof String value && !value.isBlank()) {
            return Set.of(value.split("[ ,]+"));
        }
        return Set.of();
    }
}
