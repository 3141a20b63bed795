package health.liaison.notifications.inbound;

import java.time.Instant;

/**
 * A text a patient sent to a clinic number, keyed by the provider's message id (so a webhook retried by the provider
 * acts once). Only a reply we could not understand keeps its text: it waits in the coordinators' inbox, sealed with
 * notifications' own Tink AEAD key and bound to this text's id ({@link #FIELD}), like every other PHI we store.
 */
public record InboundText(String id, String locationId, String patientId, String answeredMessageId, ReplyIntent intent,
                          String sealedText, Instant receivedAt) {

    /** The field name bound into the ciphertext's associated data. */
    static final String FIELD = "inbound-text";
}
