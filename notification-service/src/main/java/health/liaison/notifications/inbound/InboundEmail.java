package health.liaison.notifications.inbound;

import java.time.Instant;

/**
 * An e-mail someone sent to a clinic's inbound address, keyed by its Message-ID's hash (so the provider's redelivery
 * acts once). Sender, subject and text are sealed with notifications' own Tink AEAD key, bound to this id and the
 * field. From a patient of ours ({@code patientId}, the e-mail we last sent them in {@code answeredMessageId}) it waits
 * in the coordinators' inbox; from anyone else it becomes an inquiry in records ({@code inquiryId}), and waits in the
 * inbox only while records has not taken it. A From header can be forged: {@code senderAuthenticated} is the
 * provider's word on the sender's domain (SPF or DKIM pass; null when it gave none), shown to the coordinator.
 */
public record InboundEmail(String id, String locationId, String patientId, String answeredMessageId, String inquiryId,
                           String sealedFrom, String sealedSubject, String sealedText, Instant receivedAt,
                           Boolean senderAuthenticated) {

    static final String FROM = "inbound-email-from";
    static final String SUBJECT = "inbound-email-subject";
    static final String TEXT = "inbound-email-text";

    InboundEmail becameInquiry(String newInquiryId) {
        return new InboundEmail(id, locationId, patientId, answeredMessageId, newInquiryId, sealedFrom, sealedSubject,
                sealedText, receivedAt, senderAuthenticated);
    }

    @Override
    public String toString() {
        return "InboundEmail[" + id + "]";
    }
}
