package health.liaison.notifications.preferences;

import java.time.Instant;

/**
 * An e-mail address (by its keyed hash) whose reader followed the one-click unsubscribe link of one of our e-mails
 * ({@code viaMessageId}): acknowledgements and marketing e-mail no longer go to it.
 */
public record EmailOptOut(String id, String locationId, String viaMessageId, Instant optedOutAt) {
}
