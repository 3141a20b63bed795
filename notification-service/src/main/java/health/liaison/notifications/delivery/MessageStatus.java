package health.liaison.notifications.delivery;

/**
 * Where a message is: QUEUED (waiting for its time), SENDING (claimed by one replica under a lease), SENT (a
 * provider took it), DELIVERED, BOUNCED or FAILED (final), CANCELLED (its appointment moved or was cancelled),
 * SUPPRESSED (the patient opted out, gave no consent or has no address for the channel).
 */
public enum MessageStatus {
    QUEUED, SENDING, SENT, DELIVERED, FAILED, BOUNCED, CANCELLED, SUPPRESSED;

    public boolean isPending() {
        return this == QUEUED || this == SENDING;
    }
}
