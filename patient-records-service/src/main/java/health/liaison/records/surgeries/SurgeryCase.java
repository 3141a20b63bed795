package health.liaison.records.surgeries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A booked surgery or procedure as records follows it (id = scheduling's appointment id), with its pre-op
 * checklist. Plain rules: the patient is cleared when every item is done.
 */
public record SurgeryCase(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                          String status, Map<String, Tick> checklist, boolean cleared, Instant changedAt) {

    /** One ticked item: by whom (a user, or the event or record that completed it) and when. */
    public record Tick(String by, Instant at, String note) {
    }

    public SurgeryCase {
        checklist = checklist == null ? Map.of() : Map.copyOf(checklist);
    }

    static SurgeryCase booked(String id, String patientId, String locationId, String type, Instant start, Instant now) {
        return new SurgeryCase(id, patientId, locationId, type, start, "BOOKED", Map.of(), false, now);
    }

    public List<String> outstanding() {
        List<String> open = new ArrayList<>();
        for (ChecklistItem item : ChecklistItem.values()) {
            if (!checklist.containsKey(item.name())) {
                open.add(item.name());
            }
        }
        return open;
    }

    SurgeryCase tick(ChecklistItem item, Tick tick, Instant now) {
        Map<String, Tick> next = new java.util.TreeMap<>(checklist);
        next.put(item.name(), tick);
        return withChecklist(next, now);
    }

    SurgeryCase untick(ChecklistItem item, Instant now) {
        Map<String, Tick> next = new java.util.TreeMap<>(checklist);
        next.remove(item.name());
        return withChecklist(next, now);
    }

    SurgeryCase withStatus(String newStatus, Instant newStart) {
        return new SurgeryCase(id, patientId, locationId, appointmentTypeId, newStart, newStatus, checklist, cleared, changedAt);
    }

    private SurgeryCase withChecklist(Map<String, Tick> next, Instant now) {
        boolean all = java.util.Arrays.stream(ChecklistItem.values()).allMatch(i -> next.containsKey(i.name()));
        return new SurgeryCase(id, patientId, locationId, appointmentTypeId, start, status, next, all, now);
    }
}
