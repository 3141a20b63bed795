package health.liaison.records.access;

import java.util.Set;

/**
 * The parts of a chart, with the roles that may see each. Billing staff see demographics (and coverage in the
 * billing service), not clinical content; inventory staff see no chart at all; a patient sees their own chart.
 */
public enum Section {
    DEMOGRAPHICS(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "BILLING", "PATIENT", "SYSTEM", "SERVICE")),
    CLINICAL(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "PATIENT")),
    /** Writing clinical content: the care team only. */
    CLINICAL_WRITE(Set.of("NURSE", "PROVIDER", "COORDINATOR", "ADMIN")),
    /** Changing demographics and contact details. */
    DEMOGRAPHICS_WRITE(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "PATIENT"));

    private final Set<String> roles;

    Section(Set<String> roles) {
        this.roles = roles;
    }

    public boolean allows(Set<String> callerRoles) {
        return callerRoles.stream().anyMatch(roles::contains);
    }
}
