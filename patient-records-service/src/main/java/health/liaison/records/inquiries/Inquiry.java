package health.liaison.records.inquiries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A prospective patient's inquiry as stored: coded facts readable (clinic, source, interest, status, owner, times),
 * who they are sealed ({@link InquirerContact}) with blind indexes of e-mail and phone (the same keys as charts', so
 * an existing chart is found), and every contact logged. NEW → CONTACTED → CONSULT_BOOKED → WON, or LOST.
 */
public record Inquiry(String id, String locationId, String source, String interest, String status, String ownerId,
                      String sealedContact, String emailIndex, String phoneIndex, List<ContactLog> contacts,
                      int attempts, Instant firstResponseDueAt, Instant receivedAt, String receivedBy,
                      Instant firstContactedAt, String patientId, Instant linkedAt, String consultationAppointmentId,
                      Instant convertedAt, String surgeryAppointmentId, Instant wonAt, String lostReason,
                      String sealedLostNote, Instant lostAt, Instant updatedAt) {

    public static final String NEW = "NEW";
    public static final String CONTACTED = "CONTACTED";
    public static final String CONSULT_BOOKED = "CONSULT_BOOKED";
    public static final String WON = "WON";
    public static final String LOST = "LOST";
    static final Set<String> OPEN = Set.of(NEW, CONTACTED, CONSULT_BOOKED);

    public Inquiry {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    public boolean open() {
        return OPEN.contains(status);
    }

    Inquiry withContact(ContactLog contact, String sealed, String email, String phone, Instant now) {
        List<ContactLog> all = new ArrayList<>(contacts);
        all.add(contact);
        return new Inquiry(id, locationId, source, interest, status, ownerId, sealed, email, phone, all, attempts,
                firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patientId, linkedAt,
                consultationAppointmentId, convertedAt, surgeryAppointmentId, wonAt, lostReason, sealedLostNote, lostAt, now);
    }

    Inquiry attempted(ContactLog attempt, Instant now) {
        List<ContactLog> all = new ArrayList<>(contacts);
        all.add(attempt);
        return new Inquiry(id, locationId, source, interest, NEW.equals(status) ? CONTACTED : status, ownerId,
                sealedContact, emailIndex, phoneIndex, all, attempts + 1, firstResponseDueAt, receivedAt, receivedBy,
                firstContactedAt == null ? now : firstContactedAt, patientId, linkedAt, consultationAppointmentId,
                convertedAt, surgeryAppointmentId, wonAt, lostReason, sealedLostNote, lostAt, now);
    }

    Inquiry ownedBy(String owner, Instant now) {
        return new Inquiry(id, locationId, source, interest, status, owner, sealedContact, emailIndex, phoneIndex,
                contacts, attempts, firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patientId, linkedAt,
                consultationAppointmentId, convertedAt, surgeryAppointmentId, wonAt, lostReason, sealedLostNote, lostAt, now);
    }

    Inquiry lost(String reason, String sealedNote, Instant now) {
        return new Inquiry(id, locationId, source, interest, LOST, ownerId, sealedContact, emailIndex, phoneIndex,
                contacts, attempts, firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patientId, linkedAt,
                consultationAppointmentId, convertedAt, surgeryAppointmentId, wonAt, reason, sealedNote, now, now);
    }

    Inquiry linkedTo(String patient, Instant now) {
        return new Inquiry(id, locationId, source, interest, status, ownerId, sealedContact, emailIndex, phoneIndex,
                contacts, attempts, firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patient, now,
                consultationAppointmentId, convertedAt, surgeryAppointmentId, wonAt, lostReason, sealedLostNote, lostAt, now);
    }

    Inquiry consultBooked(String appointmentId, Instant at) {
        return new Inquiry(id, locationId, source, interest, CONSULT_BOOKED, ownerId, sealedContact, emailIndex,
                phoneIndex, contacts, attempts, firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patientId,
                linkedAt, appointmentId, at, surgeryAppointmentId, wonAt, lostReason, sealedLostNote, lostAt, at);
    }

    Inquiry won(String appointmentId, Instant at) {
        return new Inquiry(id, locationId, source, interest, WON, ownerId, sealedContact, emailIndex, phoneIndex,
                contacts, attempts, firstResponseDueAt, receivedAt, receivedBy, firstContactedAt, patientId, linkedAt,
                consultationAppointmentId, convertedAt, appointmentId, at, lostReason, sealedLostNote, lostAt, at);
    }
}
