package health.liaison.notifications.sendgrid;

import health.liaison.notifications.inbound.EmailReplies;
import health.liaison.platform.web.ApiProblem;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** An e-mail SendGrid posted whole (its {@code email} field, the raw MIME message), and address lists of headers. */
final class RawMimeEmail {

    private RawMimeEmail() {
    }

    /** "POST the raw, full MIME message": the same facts as the parsed fields, read from the message itself. */
    static EmailReplies.IncomingEmail read(byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            String from = message.getHeader("From", ",");
            if (from == null) {
                throw ApiProblem.invalid("email", "has no From header");
            }
            List<String> recipients = new ArrayList<>();
            for (String header : List.of("Delivered-To", "To", "Cc")) {
                recipients.addAll(addresses(message.getHeader(header, ","), "email"));
            }
            String text = textOf(message);
            // the receiving server's Authentication-Results are not read here: the sender's domain counts as unknown
            return new EmailReplies.IncomingEmail(recipients, from, message.getSubject(), text == null ? "" : text,
                    message.getMessageID(), null);
        } catch (MessagingException | IOException e) {
            throw ApiProblem.invalid("email", "is not a readable MIME message");
        }
    }

    /** The first text/plain part of a message (not an attachment), else its first text/html part as text. */
    private static String textOf(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("text/html") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return HtmlText.of(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType("text/html")) {
                    html = html == null ? textOf(child) : html;
                    continue;
                }
                String text = textOf(child);
                if (text != null) {
                    return text;
                }
            }
            return html;
        }
        return null;
    }

    /** The bare addresses of an address-list header (To, Cc), case folded; a 400 naming {@code field} if unreadable. */
    static List<String> addresses(String header, String field) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        try {
            List<String> found = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                if (address.getAddress() != null) {
                    found.add(address.getAddress().trim().toLowerCase(Locale.ROOT));
                }
            }
            return found;
        } catch (MessagingException e) {
            throw ApiProblem.invalid(field, "is not a list of e-mail addresses");
        }
    }
}
