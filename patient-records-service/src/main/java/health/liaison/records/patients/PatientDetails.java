package health.liaison.records.patients;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * What a coordinator enters to open or correct a chart. Unknown fields (tenantId, id, registeredBy, ...) are
 * rejected, so a request cannot set what the service decides.
 */
public record PatientDetails(
        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId,
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @NotNull @Past(message = "must be a date in the past") LocalDate dateOfBirth,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = "\\+[1-9][0-9]{7,14}", message = "must be an E.164 number such as +13055550123") String phone,
        @Pattern(regexp = "en|es", message = "must be en or es") String preferredLanguage,
        @Pattern(regexp = "EMAIL|SMS", message = "must be EMAIL or SMS") String preferredChannel,
        @Size(max = 100) String referralSource,
        @Valid AddressInput address,
        @Valid EmergencyContactInput emergencyContact,
        @Pattern(regexp = "[0-9]{3}-?[0-9]{2}-?[0-9]{4}", message = "must be 9 digits such as 123-45-6789") String ssn,
        Boolean notADuplicate) {

    public record AddressInput(@Size(max = 200) String line1, @Size(max = 200) String line2,
                               @Size(max = 100) String city, @Size(max = 100) String region,
                               @Size(max = 20) String postalCode,
                               @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 country code such as US") String country) {
    }

    public record EmergencyContactInput(@NotBlank @Size(max = 200) String name, @Size(max = 50) String relationship,
                                        @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{7,14}", message = "must be an E.164 number") String phone) {
    }

    public LocalDate dateOfBirthChecked() {
        if (dateOfBirth != null && dateOfBirth.getYear() < 1900) {
            throw health.liaison.platform.web.ApiProblem.invalid("dateOfBirth", "must be after 1900-01-01");
        }
        return dateOfBirth;
    }

    ContactDetails contact() {
        return new ContactDetails(email, phone,
                address == null ? null : new ContactDetails.Address(address.line1(), address.line2(), address.city(),
                        address.region(), address.postalCode(), address.country()),
                emergencyContact == null ? null : new ContactDetails.EmergencyContact(emergencyContact.name(),
                        emergencyContact.relationship(), emergencyContact.phone()),
                ssn == null ? null : ssn.replace("-", ""));
    }

    @Override
    public String toString() {
        return "PatientDetails[redacted]";
    }
}
