package health.liaison.records.patients;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A patient's chart header as stored. Names and date of birth stay readable for search and duplicate checks;
 * contact details and identifiers are one sealed value ({@link ContactDetails}) with blind indexes for exact
 * search by email, phone and SSN. A chart merged into another keeps existing as MERGED and names its survivor.
 */
public record Patient(String id, String locationId, String firstName, String lastName, String firstNameKey,
                      String lastNameKey, LocalDate dateOfBirth, String preferredLanguage, String preferredChannel,
                      String referralSource, String sealedContact, String emailIndex, String phoneIndex,
                      String ssnIndex, String status, String mergedInto, Instant registeredAt, String registeredBy,
                      Instant updatedAt, String updatedBy) {

    public static final String ACTIVE = "ACTIVE";
    public static final String MERGED = "MERGED";

    public boolean active() {
        return ACTIVE.equals(status);
    }

    Patient mergedInto(String survivorId, Instant at, String by) {
        return new Patient(id, locationId, firstName, lastName, firstNameKey, lastNameKey, dateOfBirth, preferredLanguage,
                preferredChannel, referralSource, sealedContact, emailIndex, phoneIndex, ssnIndex, MERGED, survivorId,
                registeredAt, registeredBy, at, by);
    }
}
