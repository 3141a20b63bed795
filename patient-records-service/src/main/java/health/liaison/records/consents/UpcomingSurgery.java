package health.liaison.records.consents;

import java.time.Instant;

/** A booked surgery or procedure of a patient, as scheduling's events tell it: what consents will be needed. */
public record UpcomingSurgery(String id, String patientId, String locationId, String appointmentTypeId, Instant start,
                             String status) {
}
