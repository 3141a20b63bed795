package health.liaison.records.inquiries;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a practice's website posts. Strict: every field has a size and a shape, unknown fields are refused, an object
 * where a text belongs is refused. {@code website} is the honeypot: hidden from people, filled in by bots.
 */
record WebFormPost(@NotBlank @Size(max = 100) @Pattern(regexp = "[\\p{L}][\\p{L}\\p{N} .'-]{0,99}", message = "must be a name (letters, spaces, . ' -)") String name,
                   @Email @Size(max = 254) String email,
                   @Pattern(regexp = "\\+[1-9][0-9]{7,14}", message = "must be an E.164 number such as +13055550123") String phone,
                   @Pattern(regexp = "en|es", message = "must be en or es") String preferredLanguage,
                   @Pattern(regexp = "EMAIL|SMS|PHONE", message = "must be EMAIL, SMS or PHONE") String preferredChannel,
                   @Pattern(regexp = "[a-z0-9-]{1,64}|OTHER", message = "must be an appointment type id or OTHER") String interest,
                   @Size(max = 2000) String message,
                   @Size(max = 200) String website) {

    @Override
    public String toString() {
        return "WebFormPost[redacted]";
    }
}
