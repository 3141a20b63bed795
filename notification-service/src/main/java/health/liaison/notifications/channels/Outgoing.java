package health.liaison.notifications.channels;

/**
 * A rendered message ready for a provider: recipient and sender address, subject (email only), text, language; for
 * an e-mail, the address replies go to and the one-click unsubscribe link (each null when there is none).
 */
public record Outgoing(String to, String from, String subject, String body, String language, String replyTo,
                       String unsubscribeUrl) {

    public Outgoing(String to, String from, String subject, String body, String language) {
        this(to, from, subject, body, language, null, null);
    }
}
