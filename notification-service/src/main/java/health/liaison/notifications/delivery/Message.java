package health.liaison.notifications.delivery;

import java.time.Instant;
import java.util.Map;

/**
 * A message to a patient, from the moment it is planned until a provider took it (or it failed). It holds no
 * contact details and no text: the address is fetched from records and the text rendered at send time, so a
 * changed phone number or language is honoured and nothing sensitive waits in the queue. {@code recipientKey} is
 * a keyed hash of the phone number an SMS (or the address an e-mail) went to, so a reply can be matched without
 * storing the number or address.
 * <p>
 * A staff message ({@link #staffRole} set, no patient) goes to the clinic's configured address for that role, e.g.
 * a low-stock alert to the clinic's inventory staff; consent, opt-outs and the frequency cap are the patient's and do
 * not apply to it. {@code details} are the facts the triggering event carried that the text needs (ids, dates,
 * counts; never PHI): a key ending in {@code On} holds an ISO date and is rendered in the reader's language.
 * {@code answer} is the patient's coded reply to this text, if it asked for one (a post-op check-in's BETTER, SAME or
 * WORSE), never the reply's words.
 */
public record Message(String id, String patientId, String locationId, String appointmentId, String kind,
                      Channel channel, Purpose purpose, boolean urgent, MessageStatus status, Instant dueAt,
                      Instant appointmentStart, int attempts, String leaseOwner, Instant leaseExpiresAt,
                      String sourceEventId, Instant createdAt, Instant sentAt, String providerMessageId,
                      String recipientKey, String language, String failureReason, Instant updatedAt,
                      String reference, String staffRole, Map<String, String> details, String answer,
                      Instant answeredAt) {

    public Message {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Care messages (reminders, instructions) and marketing messages are consented separately. */
    public enum Purpose { CARE, MARKETING }

    public static Message planned(String id, String patientId, String locationId, String appointmentId, String kind,
                                  Channel channel, Instant dueAt, Instant appointmentStart, String sourceEventId,
                                  Instant now) {
        return new Message(id, patientId, locationId, appointmentId, kind, channel, Purpose.CARE, false,
                MessageStatus.QUEUED, dueAt, appointmentStart, 0, null, null, sourceEventId, now, null, null, null,
                null, null, now, null, null, Map.of(), null, null);
    }

    /** A message to the clinic's staff in {@code role} (e.g. INVENTORY), about no patient. */
    public static Message forStaff(String id, String role, String locationId, String kind, Instant dueAt,
                                   Map<String, String> details, String sourceEventId, Instant now) {
        return new Message(id, null, locationId, null, kind, Channel.EMAIL, Purpose.CARE, false, MessageStatus.QUEUED,
                dueAt, null, 0, null, null, sourceEventId, now, null, null, null, null, null, now, null, role, details, null, null);
    }

    public boolean toStaff() {
        return staffRole != null;
    }

    /** The kind of the acknowledgement to a prospective patient: about an inquiry ({@link #reference}), no patient. */
    public static final String INQUIRY_ACKNOWLEDGEMENT = "INQUIRY_ACKNOWLEDGEMENT";

    /** A message to someone who inquired and is no patient: reached through the inquiry named by {@link #reference}. */
    public boolean toInquirer() {
        return staffRole == null && patientId == null && INQUIRY_ACKNOWLEDGEMENT.equals(kind) && reference != null;
    }

    /** The facts the text needs beyond clinic, patient and appointment, e.g. the date a deposit is due. */
    public Message withDetails(Map<String, String> newDetails) {
        return new Message(id, patientId, locationId, appointmentId, kind, channel, purpose, urgent, status, dueAt,
                appointmentStart, attempts, leaseOwner, leaseExpiresAt, sourceEventId, createdAt, sentAt,
                providerMessageId, recipientKey, language, failureReason, updatedAt, reference, staffRole, newDetails, answer,
                answeredAt);
    }

    /** What the message carries beyond its appointment, e.g. the care plan whose instructions it sends. */
    public Message about(String newReference) {
        return new Message(id, patientId, locationId, appointmentId, kind, channel, purpose, urgent, status, dueAt,
                appointmentStart, attempts, leaseOwner, leaseExpiresAt, sourceEventId, createdAt, sentAt,
                providerMessageId, recipientKey, language, failureReason, updatedAt, newReference, staffRole, details, answer,
                answeredAt);
    }

    private Message with(MessageStatus status, Instant dueAt, int attempts, String leaseOwner, Instant leaseExpiresAt,
                         Instant sentAt, String providerMessageId, String recipientKey, String language,
                         String failureReason, Instant now) {
        return new Message(id, patientId, locationId, appointmentId, kind, channel, purpose, urgent, status, dueAt,
                appointmentStart, attempts, leaseOwner, leaseExpiresAt, sourceEventId, createdAt, sentAt,
                providerMessageId, recipientKey, language, failureReason, now, reference, staffRole, details, answer, answeredAt);
    }

    private void requireSending() {
        if (status != MessageStatus.SENDING) {
            throw new IllegalStateException("Message " + id + " is " + status + ", not being sent");
        }
    }

    /** Put back in the queue until {@code until} without counting an attempt (quiet hours, frequency cap). */
    public Message deferredUntil(Instant until, Instant now) {
        requireSending();
        return with(MessageStatus.QUEUED, until, attempts, null, null, null, null, null, language, null, now);
    }

    public Message sent(String providerMessageId, String recipientKey, String language, Instant now) {
        requireSending();
        return with(MessageStatus.SENT, dueAt, attempts + 1, null, null, now, providerMessageId, recipientKey,
                language, null, now);
    }

    /** A provider could not take it now: try again at {@code retryAt}. */
    public Message retryAt(Instant retryAt, String reason, Instant now) {
        requireSending();
        return with(MessageStatus.QUEUED, retryAt, attempts + 1, null, null, null, null, null, language, reason, now);
    }

    public Message failed(String reasonCode, boolean attempted, Instant now) {
        requireSending();
        return with(MessageStatus.FAILED, dueAt, attempted ? attempts + 1 : attempts, null, null, null, null,
                recipientKey, language, reasonCode, now);
    }

    public Message suppressed(String reasonCode, Instant now) {
        requireSending();
        return with(MessageStatus.SUPPRESSED, dueAt, attempts, null, null, null, null, null, language, reasonCode, now);
    }

    /** The appointment moved or was cancelled before this message went: it never goes. */
    public Message cancelled(Instant now) {
        if (status != MessageStatus.QUEUED) {
            throw new IllegalStateException("Only a queued message can be cancelled; " + id + " is " + status);
        }
        return with(MessageStatus.CANCELLED, dueAt, attempts, null, null, null, null, null, language, null, now);
    }

    /** A cancelled reminder planned again (the appointment moved back to this time). */
    public Message requeued(Instant dueAt, Instant now) {
        if (status != MessageStatus.CANCELLED) {
            throw new IllegalStateException("Only a cancelled message can be planned again; " + id + " is " + status);
        }
        return with(MessageStatus.QUEUED, dueAt, 0, null, null, null, null, null, language, null, now);
    }

    /** A queued message whose time moved (e.g. pre-op instructions of a surgery that was rescheduled). */
    public Message retimed(Instant newDueAt, Instant now) {
        if (status != MessageStatus.QUEUED) {
            throw new IllegalStateException("Only a queued message can be retimed; " + id + " is " + status);
        }
        return with(MessageStatus.QUEUED, newDueAt, attempts, null, null, null, null, null, language, failureReason, now);
    }

    /** The patient answered this text (e.g. a post-op check-in's BETTER, SAME or WORSE, a code): the first answer counts. */
    public boolean answered() {
        return answer != null;
    }

    /** Records the patient's coded answer to this text, sent or delivered; an answer already recorded stays. */
    public Message answeredWith(String answerCode, Instant now) {
        if (status != MessageStatus.SENT && status != MessageStatus.DELIVERED) {
            throw new IllegalStateException("Only a sent message can be answered; " + id + " is " + status);
        }
        if (answered()) {
            return this;
        }
        return new Message(id, patientId, locationId, appointmentId, kind, channel, purpose, urgent, status, dueAt,
                appointmentStart, attempts, leaseOwner, leaseExpiresAt, sourceEventId, createdAt, sentAt,
                providerMessageId, recipientKey, language, failureReason, now, reference, staffRole, details, answerCode, now);
    }

    public Message delivered(Instant now) {
        if (status != MessageStatus.SENT) {
            throw new IllegalStateException("Only a sent message can be delivered; " + id + " is " + status);
        }
        return with(MessageStatus.DELIVERED, dueAt, attempts, null, null, sentAt, providerMessageId, recipientKey,
                language, null, now);
    }

    public Message undelivered(MessageStatus finalStatus, String reasonCode, Instant now) {
        if (status != MessageStatus.SENT && status != MessageStatus.DELIVERED) {
            throw new IllegalStateException("Only a sent message can bounce; " + id + " is " + status);
        }
        return with(finalStatus, dueAt, attempts, null, null, sentAt, providerMessageId, recipientKey, language,
                reasonCode, now);
    }
}
