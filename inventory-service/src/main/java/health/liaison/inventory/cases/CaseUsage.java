package health.liaison.inventory.cases;

import java.time.Instant;

/** A lot- or serial-tracked item used in a case: what traces an implant to its patient when a recall comes. */
public record CaseUsage(String id, String appointmentId, String patientId, String locationId, String sku,
                        String manufacturer, String lot, String serial, int quantity, Instant usedAt) {
}
