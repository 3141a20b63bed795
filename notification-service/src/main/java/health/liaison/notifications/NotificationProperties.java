package health.liaison.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * Everything a practice tunes about notifications ({@code liaison.notifications.*}): its clinics (time zone, sender
 * identity, quiet hours), reminder offsets, retries, the frequency cap and the SMS provider. Secrets (provider
 * token, webhook secret, contact key) come from the environment, never from committed files.
 */
@ConfigurationProperties("liaison.notifications")
public record NotificationProperties(
        Map<String, ClinicSettings> clinics,
        @DefaultValue QuietHoursSettings quietHours,
        @DefaultValue Reminders reminders,
        @DefaultValue PreOp preOp,
        @DefaultValue PostOp postOp,
        @DefaultValue Delivery delivery,
        @DefaultValue FrequencyCapSettings frequencyCap,
        @DefaultValue Sms sms,
        @DefaultValue("UTC") String defaultZone,
        @DefaultValue("Liaison <no-reply@liaison.health>") String defaultEmailFrom,
        @DefaultValue("change-me-contact-key") String contactKey,
        List<String> urgentKinds) {

    public NotificationProperties {
        clinics = clinics == null ? Map.of() : Map.copyOf(clinics);
        // kinds the practice marks urgent go through quiet hours and the frequency cap
        urgentKinds = urgentKinds == null ? List.of() : List.copyOf(urgentKinds);
    }

    /**
     * One clinic: the practice group it belongs to, its zone and how it signs messages; where its inventory staff
     * read stock alerts, and the language staff messages are written in; the address its patients' and inquirers'
     * e-mail is received at ({@code inbound-email}: on the domain whose MX points at the inbound provider; it is the
     * Reply-To of what the clinic sends).
     */
    public record ClinicSettings(String tenant, String name, String zone, String emailFrom, String smsFrom,
                                 String phone, LocalTime quietStart, LocalTime quietEnd, String inventoryEmail,
                                 String staffLanguage, String coordinatorEmail, String inboundEmail) {
    }

    /** Pre-op instructions go this long before the surgery (at once when that is past or the start is unknown). */
    public record PreOp(@DefaultValue("P7D") Duration instructionsBefore) {
    }

    /**
     * Post-op check-ins go these offsets after a surgery was completed; a text reply (1, 2, 3) answers one within
     * {@code answerWindow} of its sending, if it still is the last text to that number.
     */
    public record PostOp(@DefaultValue({"P1D", "P7D"}) List<Duration> checkInOffsets,
                         @DefaultValue("P3D") Duration answerWindow) {
    }

    public record QuietHoursSettings(@DefaultValue("21:00") LocalTime start, @DefaultValue("08:00") LocalTime end) {
    }

    public record Reminders(@DefaultValue({"P7D", "PT48H", "PT2H"}) List<Duration> defaultOffsets,
                            List<ReminderRule> rules) {
        public Reminders {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    public record ReminderRule(String appointmentType, String location, List<Duration> offsets) {
    }

    public record Delivery(@DefaultValue("1s") Duration pollInterval, @DefaultValue("20") int batchSize,
                           @DefaultValue("2m") Duration lease, @DefaultValue("5") int maxAttempts,
                           @DefaultValue("30s") Duration initialBackoff, @DefaultValue("2.0") double backoffMultiplier,
                           @DefaultValue("30m") Duration maxBackoff) {
    }

    public record FrequencyCapSettings(@DefaultValue("6") int limit, @DefaultValue("24h") Duration window) {
    }

    public record Sms(@DefaultValue("http://localhost:8089") String baseUrl, @DefaultValue("local-account") String accountSid,
                      @DefaultValue("local-token") String authToken, @DefaultValue("change-me-webhook-secret") String webhookSecret,
                      @DefaultValue("5s") Duration timeout) {
    }
}
