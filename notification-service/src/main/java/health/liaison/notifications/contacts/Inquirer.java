package health.liaison.notifications.contacts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What records says about reaching a prospective patient (an inquiry, not a chart), fetched at send time with the
 * service's token and never stored here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Inquirer(String inquiryId, String locationId, String name, String email, String phone,
                       String preferredLanguage, String preferredChannel) {

    /** As a contact for the templates: the first word of the name is the greeting's name. */
    public Contact asContact() {
        String first = name == null || name.isBlank() ? null : name.trim().split("\\s+")[0];
        return new Contact(first, email, phone, preferredLanguage, locationId);
    }

    /**
     * The one channel an acknowledgement goes by: the preferred one when it can be reached there, else e-mail when
     * known, else SMS.
     */
    public String channel() {
        if ("EMAIL".equals(preferredChannel) && email != null) {
            return "EMAIL";
        }
        if (("SMS".equals(preferredChannel) || "PHONE".equals(preferredChannel)) && phone != null) {
            return "SMS";
        }
        return email != null ? "EMAIL" : "SMS";
    }

    @Override
    public String toString() {
        return "Inquirer[redacted]";
    }
}
