package health.liaison.platform.clinics;

import java.time.Instant;

/**
 * A clinic's time zone as scheduling last announced it ({@code location.changed}): the clinic's id, its IANA zone and
 * when scheduling changed it (the latest wins). Ids and a zone only, no PHI.
 */
public record ClinicZone(String id, String zoneId, Instant changedAt) {
}
