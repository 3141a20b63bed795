package health.liaison.notifications.quiethours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * At most {@code limit} non-urgent messages per patient and channel in any rolling {@code window}: a patient with
 * several appointments in one week is not flooded. A message over the cap waits until the oldest send in the window
 * ages out.
 */
public record FrequencyCap(int limit, Duration window) {

    public FrequencyCap {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A frequency cap needs a positive limit and window");
        }
    }

    /** When the next message may go, given the send times of earlier ones; {@code now} if under the cap. */
    public Instant nextAllowed(Instant now, List<Instant> sentTimes) {
        Instant windowStart = now.minus(window);
        List<Instant> inWindow = sentTimes.stream().filter(t -> t.isAfter(windowStart)).sorted().toList();
        if (inWindow.size() < limit) {
            return now;
        }
        return inWindow.get(inWindow.size() - limit).plus(window);
    }
}
