package health.liaison.scheduling.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One planned surgery as the coordinator follows it across services: what is done and what still blocks it.
 * Filled from events only (scheduling's, billing's, records', inventory's). Plain rules decide the blockers and the
 * coordinator's next action.
 */
public record SurgeryCase(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                          String status, boolean requiresPriorAuthorization, boolean consultationCompleted,
                          String quoteId, boolean depositPaid, String priorAuthorization, List<String> recordsOutstanding,
                          boolean recordsKnown, boolean cleared, String kit, List<String> kitShortages, Instant updatedAt) {

    public SurgeryCase {
        recordsOutstanding = recordsOutstanding == null ? List.of() : List.copyOf(recordsOutstanding);
        kitShortages = kitShortages == null ? List.of() : List.copyOf(kitShortages);
    }

    static SurgeryCase blank(String id, Instant now) {
        return new SurgeryCase(id, null, null, null, null, null, false, false, null, false, "NOT_REQUIRED", List.of(), false,
                false, "NONE", List.of(), now);
    }

    /** What still stands between this case and the operating room, in the order a coordinator works through it. */
    public List<String> blockers() {
        List<String> blockers = new ArrayList<>();
        if (!consultationCompleted) {
            blockers.add("CONSULTATION_NOT_COMPLETED");
        }
        if (quoteId == null) {
            blockers.add("QUOTE_NOT_ACCEPTED");
        }
        if (!depositPaid) {
            blockers.add("DEPOSIT_NOT_PAID");
        }
        if (requiresPriorAuthorization && !"APPROVED".equals(priorAuthorization)) {
            blockers.add("PRIOR_AUTHORIZATION_" + ("DENIED".equals(priorAuthorization) ? "DENIED" : "PENDING"));
        }
        if (!recordsKnown) {
            blockers.add("CHECKLIST_NOT_STARTED");
        }
        for (String item : recordsOutstanding) {
            if (!item.equals("DEPOSIT_PAID")) {
                blockers.add(item.equals("CONSENTS_SIGNED") ? "CONSENTS_NOT_SIGNED" : item.equals("INSTRUCTIONS_SENT")
                        ? "INSTRUCTIONS_NOT_SENT" : "CHECKLIST_" + item);
            }
        }
        if (!"RESERVED".equals(kit)) {
            blockers.add("SHORT".equals(kit) ? "KIT_SHORT" : "KIT_NOT_RESERVED");
        }
        return blockers;
    }

    public String nextAction() {
        if ("CANCELLED".equals(status) || "HOLD_EXPIRED".equals(status)) {
            return "NONE: the case is " + status.toLowerCase().replace('_', ' ');
        }
        if ("COMPLETED".equals(status)) {
            return "Book the post-op follow-ups";
        }
        List<String> blockers = blockers();
        if (blockers.isEmpty()) {
            return "Ready for surgery";
        }
        return switch (blockers.getFirst()) {
            case "CONSULTATION_NOT_COMPLETED" -> "Complete the consultation";
            case "QUOTE_NOT_ACCEPTED" -> "Issue a quote and get it accepted";
            case "DEPOSIT_NOT_PAID" -> "Collect the deposit";
            case "PRIOR_AUTHORIZATION_PENDING" -> "Follow up the prior authorization with the payer";
            case "PRIOR_AUTHORIZATION_DENIED" -> "Discuss self-pay or appeal the denied authorization";
            case "CONSENTS_NOT_SIGNED" -> "Have the consents signed";
            case "INSTRUCTIONS_NOT_SENT" -> "Issue the pre-op instructions";
            case "KIT_SHORT" -> "Order the missing supplies: " + String.join(", ", kitShortages);
            case "KIT_NOT_RESERVED" -> "Wait for the kit reservation (or define the procedure's kit)";
            case "CHECKLIST_NOT_STARTED" -> "Open the pre-op checklist in records";
            default -> "Complete " + blockers.getFirst().replace("CHECKLIST_", "").toLowerCase().replace('_', ' ');
        };
    }
}
