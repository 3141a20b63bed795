package health.liaison.records.patients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A chart's demographics as the caller may see them. The SSN is shown masked (last four digits); {@code
 * possibleDuplicates} lists charts that share only a phone number with a newly registered one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientView(String id, String locationId, String status, String mergedInto, String firstName,
                          String lastName, LocalDate dateOfBirth, String email, String phone, String preferredLanguage,
                          String preferredChannel, String referralSource, ContactDetails.Address address,
                          ContactDetails.EmergencyContact emergencyContact, String ssnLast4, Instant registeredAt,
                          String registeredBy, Instant updatedAt, String updatedBy, java.util.List<String> possibleDuplicates) {

    static PatientView of(Patient p, ContactDetails c, java.util.List<String> possibleDuplicates) {
        ContactDetails contact = c == null ? new ContactDetails(null, null, null, null, null) : c;
        String last4 = contact.ssn() == null ? null : "***-**-" + contact.ssn().substring(contact.ssn().length() - 4);
        return new PatientView(p.id(), p.locationId(), p.status(), p.mergedInto(), p.firstName(), p.lastName(),
                p.dateOfBirth(), contact.email(), contact.phone(), p.preferredLanguage(), p.preferredChannel(),
                p.referralSource(), contact.address(), contact.emergencyContact(), last4, p.registeredAt(),
                p.registeredBy(), p.updatedAt(), p.updatedBy(), possibleDuplicates);
    }

    /** The name as lists show it ("Maria Gonzalez"). */
    @JsonProperty("displayName")
    public String displayName() {
        return firstName + " " + lastName;
    }

    @Override
    public String toString() {
        return "PatientView[" + id + "]";
    }
}
