package health.liaison.notifications.inbound;

import health.liaison.notifications.clinics.Clinic;
import health.liaison.notifications.clinics.Clinics;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.notifications.inquiries.UnknownSenders;
import health.liaison.notifications.preferences.ContactKeys;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an e-mail to a clinic's inbound address does, whichever provider's webhook brought it (the port the inbound
 * e-mail adapters call once they have checked the provider's credentials): the practice group is the one owning
 * the address. From an address we last e-mailed a patient of ours at, it waits, sealed, in the coordinators' inbox
 * like a text reply; from anyone else (someone we never wrote to, or an inquirer answering our acknowledgement) it
 * is handed to records as an EMAIL inquiry (records adds it to the sender's open inquiry if there is one), and waits
 * in the inbox only if records cannot take it now. A redelivery of the same e-mail (same Message-ID) does nothing
 * twice. Nothing of the sender, subject or text is logged or put in an event.
 */
@Component
public class EmailReplies {

    private static final Logger log = LoggerFactory.getLogger(EmailReplies.class);
    /** What the inbox keeps of a long e-mail (records keeps 5,000 characters of an inquiry's message). */
    static final int MAX_TEXT = 20_000;
    private static final int MAX_SUBJECT = 500;

    private final Clinics clinics;
    private final Messages messages;
    private final ContactKeys contactKeys;
    private final TenantStore<InboundEmail> emails;
    private final UnknownSenders unknownSenders;
    private final FieldCipher cipher;
    private final Clock clock;

    EmailReplies(Clinics clinics, Messages messages, ContactKeys contactKeys, TenantStores stores,
                 UnknownSenders unknownSenders, FieldCipher cipher, Clock clock) {
        this.clinics = clinics;
        this.messages = messages;
        this.contactKeys = contactKeys;
        this.emails = stores.ofNamed(InboundEmail.class, "inbound_emails", "e-mail");
        this.unknownSenders = unknownSenders;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * An e-mail as the provider parsed it: the addresses it was delivered to (SMTP envelope first, then the To and
     * Cc headers), the From header, subject, plain text, its Message-ID header (null when it had none), and whether
     * the provider found the sender's domain authenticated (SPF or DKIM pass; null when it did not say).
     */
    public record IncomingEmail(List<String> recipients, String from, String subject, String text, String messageId,
                                Boolean senderAuthenticated) {
        @Override
        public String toString() {
            return "IncomingEmail[redacted]";
        }
    }

    /** What became of an e-mail: INQUIRY (records took it), INBOX (waits for a coordinator), or DUPLICATE. */
    public enum Outcome { INQUIRY, INBOX, DUPLICATE }

    public Outcome mailReceived(IncomingEmail mail) {
        String from = plainAddress(mail.from()).orElseThrow(() -> ApiProblem.invalid("from", "is not an e-mail address"));
        if (mail.recipients().isEmpty()) {
            throw ApiProblem.invalid("to", "names no recipient");
        }
        Clinic clinic = clinics.byInboundEmail(mail.recipients()).orElseThrow(() -> ApiProblem.notFound("clinic address"));
        return Callers.callAs(Caller.system(clinic.tenantId()), () -> handle(mail, from, clinic));
    }

    private Outcome handle(IncomingEmail mail, String from, Clinic clinic) {
        String id = idOf(mail, from);
        Optional<Message> patients = messages.lastEmailTo(contactKeys.ofEmail(from)).filter(m -> m.patientId() != null);
        String text = cut(mail.text() == null ? "" : mail.text(), MAX_TEXT);
        String subject = cut(mail.subject() == null ? "" : mail.subject(), MAX_SUBJECT);
        InboundEmail received = new InboundEmail(id, clinic.locationId(), patients.map(Message::patientId).orElse(null),
                patients.map(Message::id).orElse(null), null, cipher.seal(from, id, InboundEmail.FROM),
                cipher.seal(subject, id, InboundEmail.SUBJECT), cipher.seal(text, id, InboundEmail.TEXT), clock.instant(),
                mail.senderAuthenticated());
        try {
            emails.insert(received, List.of(), clinic.locationId());
        } catch (DuplicateKeyException redelivered) {
            log.info("Inbound e-mail {} at {} was received before", id, clinic.locationId());
            return Outcome.DUPLICATE;
        }
        if (patients.isPresent()) {
            log.info("Inbound e-mail {} at {} from a patient waits in the inbox", id, clinic.locationId());
            return Outcome.INBOX;
        }
        String message = subject.isBlank() ? text : subject + "\n\n" + text;
        Optional<String> inquiry = unknownSenders.mailReceived(id, clinic.locationId(), from, message);
        if (inquiry.isEmpty()) {
            return Outcome.INBOX;
        }
        emails.modify(id, current -> TenantStore.Change.quietly(current.becameInquiry(inquiry.get())));
        return Outcome.INQUIRY;
    }

    /**
     * {@code mail-} and the SHA-256 of the Message-ID (without its angle brackets), so the id, the records
     * idempotency key and the logs carry nothing of the sender; without a Message-ID, of the e-mail itself.
     */
    static String idOf(IncomingEmail mail, String from) {
        String messageId = mail.messageId() == null ? "" : mail.messageId().trim();
        if (messageId.startsWith("<") && messageId.endsWith(">")) {
            messageId = messageId.substring(1, messageId.length() - 1).trim();
        }
        String source = !messageId.isEmpty() ? "message-id:" + messageId
                : "content:" + from + "\n" + String.join(",", mail.recipients()) + "\n" + mail.subject() + "\n" + mail.text();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return "mail-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The bare address of a header value such as {@code "Ana Lima" <ana@example.com>}, case folded. */
    public static Optional<String> plainAddress(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return Optional.empty();
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header, false);
            if (parsed.length == 0 || parsed[0].getAddress() == null || !parsed[0].getAddress().contains("@")) {
                return Optional.empty();
            }
            parsed[0].validate();
            return Optional.of(parsed[0].getAddress().toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static String cut(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}
