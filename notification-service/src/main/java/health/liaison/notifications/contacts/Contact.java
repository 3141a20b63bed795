package health.liaison.notifications.contacts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What records says about reaching a patient, fetched at send time and never stored here; {@code locationId} is the
 * clinic the chart is registered at, for the events (a recall) that name a patient but no clinic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(String firstName, String email, String phone, String preferredLanguage, String locationId) {

    @Override
    public String toString() {
        return "Contact[redacted]";
    }
}
