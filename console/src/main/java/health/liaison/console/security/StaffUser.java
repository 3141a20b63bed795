package health.liaison.console.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.List;

/**
 * Who is signed in, from the ID token's claims (the identity provider puts the same {@code tenant},
 * {@code locations} and {@code roles} in it as in the access token). The console uses it only to decide what to
 * show; every decision that matters is taken again by the services on the access token.
 */
public record StaffUser(String username, String tenant, List<String> locations, List<String> roles) {

    public static StaffUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser oidc)) {
            throw new IllegalStateException("no signed-in user");
        }
        return of(oidc);
    }

    static StaffUser of(OidcUser oidc) {
        String name = oidc.getPreferredUsername() != null ? oidc.getPreferredUsername() : oidc.getSubject();
        return new StaffUser(name, oidc.getClaimAsString("tenant"), list(oidc, "locations"), list(oidc, "roles"));
    }

    private static List<String> list(OidcUser oidc, String claim) {
        List<String> values = oidc.getClaimAsStringList(claim);
        return values == null ? List.of() : List.copyOf(values);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean worksAt(String locationId) {
        return locations.contains(locationId);
    }

    /** The clinic a page opens on when none is chosen: the user's first. */
    public String firstLocation() {
        return locations.isEmpty() ? null : locations.getFirst();
    }

    public boolean frontDesk() {
        return hasAnyRole("COORDINATOR", "PROVIDER", "NURSE", "ADMIN");
    }

    public boolean billing() {
        return hasAnyRole("BILLING", "COORDINATOR", "ADMIN");
    }
}
