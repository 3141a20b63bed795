package health.liaison.notifications.channels;

/**
 * The port through which a text leaves: one adapter per SMS provider. The default, {@link SmsChannel}, speaks
 * Twilio's REST API (locally against the dev stub); a group with another provider adds its own bean of this type.
 * The idempotency key is the same on every attempt for one message, so a resend after a crash between "provider
 * accepted" and "we recorded it" is the same request to a provider that honours it, never a second text.
 */
public interface SmsSender {

    /** Sends and returns the provider's message id; throws {@link SendFailure} when it could not. */
    String send(Outgoing outgoing, String idempotencyKey);
}
