package health.liaison.notifications.careplans;

import java.time.Instant;

/** When an appointment starts, as scheduling last said: what times its pre-op instructions. Ids and a time only. */
record AppointmentStart(String id, String locationId, Instant start, Instant updatedAt) {
}
