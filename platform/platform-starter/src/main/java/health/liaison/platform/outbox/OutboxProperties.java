package health.liaison.platform.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval how often the relay looks for unpublished events when nothing nudged it (default 10 s: every
 *                     write of this instance nudges it, so the poll only finds what a crashed instance left behind
 *                     or a lease that ran out; each poll is one query per outbox collection, so an idle service's
 *                     cost is in this figure)
 * @param lease        how long a relay owns a document it is publishing from; longer than a Kafka send may take
 * @param sendTimeout  how long one batch may wait for Kafka's acknowledgement
 * @param enabled      false stops this instance from relaying (another replica still does)
 */
@ConfigurationProperties("liaison.outbox")
public record OutboxProperties(Duration pollInterval, Duration lease, Duration sendTimeout, Boolean enabled) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        enabled = enabled == null || enabled;
    }
}
