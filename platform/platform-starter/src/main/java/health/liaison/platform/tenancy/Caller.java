package health.liaison.platform.tenancy;

import java.util.Set;

/**
 * Who is acting: a user of one practice group (tenant) working at some of its clinics (locations) in some roles,
 * or the system acting for a tenant while it handles an event.
 */
public record Caller(String userId, String tenantId, Set<String> locations, Set<String> roles, String patientId) {

    public static final String SYSTEM_USER = "system";

    public Caller {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("A caller always belongs to a practice group");
        }
        locations = Set.copyOf(locations);
        roles = Set.copyOf(roles);
    }

    /** The service itself, acting for {@code tenantId} (event handlers, timers). */
    public static Caller system(String tenantId) {
        return new Caller(SYSTEM_USER, tenantId, Set.of(), Set.of("SYSTEM"), null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean worksAt(String locationId) {
        return locations.contains(locationId) || hasRole("SYSTEM");
    }

    public boolean isSystem() {
        return SYSTEM_USER.equals(userId) && hasRole("SYSTEM");
    }
}
