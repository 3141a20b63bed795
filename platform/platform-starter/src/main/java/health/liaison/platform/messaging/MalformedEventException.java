package health.liaison.platform.messaging;

/** A record that is not a readable Liaison CloudEvent: retrying cannot help, so it goes to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
