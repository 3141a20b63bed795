package health.liaison.records.access;

import java.util.Set;

/**
 * The parts of a chart, with the roles that may see each. Billing staff see demographics (and coverage in the
 * billing service), not clinical content; inventory staff see no chart at all; a patient sees their own chart.
 */
public enum Section {
    DEMOGRAPHICS(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "BILLING", "PATIENT", "SYSTEM", "SERVICE")),
    CLINICAL(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "PATIENT")),
    /**
     * An issued care plan's instructions: clinical content, which the notification service ({@code SERVICE}) also
     * reads to send them. Not billing staff, and no other clinical section opens to {@code SERVICE}.
     */
    CARE_PLAN(Set.of("COORDINATOR", "NURSE", "PROVIDER", "ADMIN", "PATIENT", "SERVICE")),
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
