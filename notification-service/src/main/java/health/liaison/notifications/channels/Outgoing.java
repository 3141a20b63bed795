package health.liaison.notifications.channels;

/** A rendered message ready for a provider: recipient and sender address, subject (email only), text, language. */
public record Outgoing(String to, String from, String subject, String body, String language) {
}
