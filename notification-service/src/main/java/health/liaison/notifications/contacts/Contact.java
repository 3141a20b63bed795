package health.liaison.notifications.contacts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What records says about reaching a patient, fetched at send time and never stored here. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(String firstName, String email, String phone, String preferredLanguage) {

    @Override
    public String toString() {
        return "Contact[redacted]";
    }
}
