package health.liaison.notifications.templates;

/**
 * A template that does not exist or cannot be rendered completely (an unknown or missing variable). Nothing is sent
 * half-rendered: the preview answers 422, the dispatcher records the message as failed.
 */
public class TemplateFailure extends RuntimeException {

    public TemplateFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
