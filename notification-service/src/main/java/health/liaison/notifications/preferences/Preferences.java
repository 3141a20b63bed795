package health.liaison.notifications.preferences;

import java.time.Instant;

/**
 * What a patient agreed to receive, per channel: care messages (confirmations, reminders, instructions) and
 * marketing messages separately. Without a stored choice, care messages flow on both channels (they are part of
 * the patient's care) and marketing flows nowhere.
 */
public record Preferences(String id, String patientId, boolean emailCare, boolean emailMarketing, boolean smsCare,
                          boolean smsMarketing, Instant updatedAt) {

    public static Preferences defaultsFor(String patientId) {
        return new Preferences(patientId, patientId, true, false, true, false, null);
    }

    public boolean allows(String channel, boolean marketing) {
        return switch (channel) {
            case "EMAIL" -> marketing ? emailMarketing : emailCare;
            case "SMS" -> marketing ? smsMarketing : smsCare;
            default -> false;
        };
    }

    /** STOP: no SMS of any kind, at once. */
    public Preferences withoutSms(Instant now) {
        return new Preferences(id, patientId, emailCare, emailMarketing, false, false, now);
    }
}
