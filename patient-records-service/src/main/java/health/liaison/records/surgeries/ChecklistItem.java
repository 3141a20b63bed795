package health.liaison.records.surgeries;

import java.util.Set;

/**
 * What must be done before a patient is cleared for surgery. Some items are ticked by the care team, the others
 * follow from the record (consents, photos) or from other services' events (billing's deposit, notification's
 * instructions).
 */
public enum ChecklistItem {
    HISTORY_AND_PHYSICAL(Set.of("PROVIDER", "NURSE")),
    LABS(Set.of("PROVIDER", "NURSE")),
    MEDICAL_CLEARANCE(Set.of("PROVIDER")),
    CONSENTS_SIGNED(Set.of()),
    PRE_OP_PHOTOS(Set.of()),
    DEPOSIT_PAID(Set.of()),
    INSTRUCTIONS_SENT(Set.of());

    /** Who may tick the item by hand; empty when only the record or another service's event completes it. */
    final Set<String> tickedBy;

    ChecklistItem(Set<String> tickedBy) {
        this.tickedBy = tickedBy;
    }
}
