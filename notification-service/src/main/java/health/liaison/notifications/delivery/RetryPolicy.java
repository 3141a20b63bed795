package health.liaison.notifications.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a message that a provider could not take is retried: exponential back-off from {@code initialBackoff},
 * capped at {@code maxBackoff}, at most {@code maxAttempts} attempts in all. After that the message is failed and
 * shown to coordinators.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1 || multiplier < 1) {
            throw new IllegalArgumentException("At least one attempt and a multiplier of at least 1");
        }
    }

    /** When to try again after {@code attemptsSoFar} failed attempts, or empty when the message has failed for good. */
    public Optional<Instant> nextAttempt(int attemptsSoFar, Instant now) {
        if (attemptsSoFar >= maxAttempts) {
            return Optional.empty();
        }
        double factor = Math.pow(multiplier, Math.max(0, attemptsSoFar - 1));
        long millis = (long) Math.min(initialBackoff.toMillis() * factor, maxBackoff.toMillis());
        return Optional.of(now.plusMillis(millis));
    }
}
