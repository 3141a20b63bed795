package health.liaison.notifications.templates;

/** A fully rendered message: subject (email only, else null), text and the language it was rendered in. */
public record Rendered(String subject, String body, String language) {
}
