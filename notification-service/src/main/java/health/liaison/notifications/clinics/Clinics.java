package health.liaison.notifications.clinics;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.quiethours.QuietHours;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The clinics of every practice group this deployment serves, from configuration. A clinic not configured gets the
 * deployment's defaults (zone, sender, quiet hours) so a new clinic's patients are still reminded.
 */
@Component
public class Clinics {

    private final NotificationProperties properties;

    Clinics(NotificationProperties properties) {
        this.properties = properties;
    }

    public Clinic of(String locationId) {
        NotificationProperties.ClinicSettings settings = properties.clinics().get(locationId);
        NotificationProperties.QuietHoursSettings quiet = properties.quietHours();
        if (settings == null) {
            return new Clinic(locationId, null, "your clinic", ZoneId.of(properties.defaultZone()),
                    new QuietHours(quiet.start(), quiet.end()), properties.defaultEmailFrom(), null, null, null, "en", null, null);
        }
        QuietHours quietHours = new QuietHours(settings.quietStart() != null ? settings.quietStart() : quiet.start(),
                settings.quietEnd() != null ? settings.quietEnd() : quiet.end());
        return new Clinic(locationId, settings.tenant(), settings.name() == null ? "your clinic" : settings.name(),
                ZoneId.of(settings.zone() == null ? properties.defaultZone() : settings.zone()), quietHours,
                settings.emailFrom() == null ? properties.defaultEmailFrom() : settings.emailFrom(),
                settings.smsFrom(), settings.phone(), blankToNull(settings.inventoryEmail()),
                settings.staffLanguage() == null ? "en" : settings.staffLanguage(), blankToNull(settings.coordinatorEmail()),
                blankToNull(settings.inboundEmail()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The clinic that sends e-mail from {@code address} (its email-from, with or without a display name). */
    public Optional<Clinic> byEmailSender(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String wanted = address.trim().toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, NotificationProperties.ClinicSettings> entry : properties.clinics().entrySet()) {
            String from = entry.getValue().emailFrom();
            if (from != null && entry.getValue().tenant() != null) {
                String plain = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
                if (plain.trim().toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                    return Optional.of(of(entry.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The clinic whose inbound address is one of {@code recipients} (plain addresses, case folded): how an e-mail
     * to a clinic finds its practice group. Clinics are configuration here (scheduling's location events carry no
     * e-mail address), so each clinic's {@code inbound-email} is set beside its SMS number.
     */
    public Optional<Clinic> byInboundEmail(List<String> recipients) {
        for (String recipient : recipients) {
            String wanted = recipient == null ? "" : recipient.trim().toLowerCase(Locale.ROOT);
            for (Map.Entry<String, NotificationProperties.ClinicSettings> entry : properties.clinics().entrySet()) {
                String inbound = entry.getValue().inboundEmail();
                if (inbound != null && entry.getValue().tenant() != null && !wanted.isEmpty()
                        && inbound.trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return Optional.of(of(entry.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /** The clinic that sends SMS from {@code number}: how an inbound text finds its practice group. */
    public Optional<Clinic> bySmsNumber(String number) {
        for (Map.Entry<String, NotificationProperties.ClinicSettings> entry : properties.clinics().entrySet()) {
            if (number != null && number.equals(entry.getValue().smsFrom()) && entry.getValue().tenant() != null) {
                return Optional.of(of(entry.getKey()));
            }
        }
        return Optional.empty();
    }
}
