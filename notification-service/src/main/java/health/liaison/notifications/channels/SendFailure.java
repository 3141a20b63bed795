package health.liaison.notifications.channels;

/**
 * Why a message could not go, as a code a coordinator reads (never provider text, which may echo the address).
 * A retryable failure (provider down, timeout, circuit open) is tried again later; a permanent one (invalid
 * address, rejected by the provider, patient unknown) fails the message at once.
 */
public class SendFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public SendFailure(String code, boolean retryable, Throwable cause) {
        super(code, cause, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    public static SendFailure retryable(String code, Throwable cause) {
        return new SendFailure(code, true, cause);
    }

    public static SendFailure permanent(String code, Throwable cause) {
        return new SendFailure(code, false, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
