package health.liaison.records.registration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** What a coordinator enters to open a chart. Unknown fields (tenantId, id, ...) are rejected. */
public record RegisterPatient(
        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId,
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @NotNull @Past LocalDate dateOfBirth,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = "\\+[1-9][0-9]{7,14}", message = "must be an E.164 number such as +13055550123") String phone,
        @Pattern(regexp = "en|es", message = "must be en or es") String preferredLanguage) {
}
