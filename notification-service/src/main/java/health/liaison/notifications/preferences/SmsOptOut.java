package health.liaison.notifications.preferences;

import java.time.Instant;

/** A phone number (by its keyed hash) that said STOP: no SMS goes to it until it says START. */
public record SmsOptOut(String id, boolean optedOut, Instant changedAt) {
}
