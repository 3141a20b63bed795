package health.liaison.scheduling.waitlist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient waiting for an earlier date: a type, the clinics and (optionally) providers they accept, and the window
 * they want. Freed slots that fit are offered for a limited time; the first accepted offer books it.
 */
public record WaitlistEntry(String id, String patientId, String appointmentTypeId, List<String> locationIds,
                            List<String> providerIds, java.time.LocalDate from, java.time.LocalDate to, String status,
                            List<Offer> offers, String appointmentId, Instant createdAt, String createdBy) {

    public static final String WAITING = "WAITING";
    public static final String BOOKED = "BOOKED";
    public static final String WITHDRAWN = "WITHDRAWN";

    /** A freed slot offered to this patient until {@code expiresAt}. */
    public record Offer(String id, String locationId, List<String> providerIds, List<String> roomIds, Instant start,
                        Instant expiresAt) {
    }

    public WaitlistEntry {
        locationIds = List.copyOf(locationIds);
        providerIds = providerIds == null ? List.of() : List.copyOf(providerIds);
        offers = offers == null ? List.of() : List.copyOf(offers);
    }

    /** Whether a freed slot fits what the patient asked for. */
    boolean fits(String locationId, String typeId, List<String> slotProviders, java.time.LocalDate localDay) {
        return WAITING.equals(status) && appointmentTypeId.equals(typeId) && locationIds.contains(locationId)
                && !localDay.isBefore(from) && !localDay.isAfter(to)
                && (providerIds.isEmpty() || slotProviders.stream().anyMatch(providerIds::contains));
    }

    WaitlistEntry offered(Offer offer) {
        List<Offer> next = new ArrayList<>(offers);
        next.add(offer);
        return new WaitlistEntry(id, patientId, appointmentTypeId, locationIds, providerIds, from, to, status, next,
                appointmentId, createdAt, createdBy);
    }

    WaitlistEntry booked(String appointment) {
        return new WaitlistEntry(id, patientId, appointmentTypeId, locationIds, providerIds, from, to, BOOKED, offers,
                appointment, createdAt, createdBy);
    }

    WaitlistEntry withdrawn() {
        return new WaitlistEntry(id, patientId, appointmentTypeId, locationIds, providerIds, from, to, WITHDRAWN, offers,
                appointmentId, createdAt, createdBy);
    }
}
