package health.liaison.gateway.routing;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RefusingInstancesTest {

    private final MovableClock clock = new MovableClock();
    private final RefusingInstances refusing = new RefusingInstances(Duration.ofSeconds(2), clock);
    private final ServiceInstance a = new DefaultServiceInstance("records-0", "records", "127.0.0.1", 8082, false);
    private final ServiceInstance b = new DefaultServiceInstance("records-1", "records", "127.0.0.1", 8092, false);

    @Test
    void anInstanceThatRefusedAConnectionIsLeftOutForThePause() {
        refusing.refused("127.0.0.1", 8092);

        assertThat(refusing.choosable(List.of(a, b))).containsExactly(a);
        clock.advance(Duration.ofMillis(1999));
        assertThat(refusing.choosable(List.of(a, b))).containsExactly(a);
        clock.advance(Duration.ofMillis(1));
        assertThat(refusing.choosable(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void whenEveryInstanceRefusedAllAreOffered() {
        refusing.refused("127.0.0.1", 8082);
        refusing.refused("127.0.0.1", 8092);

        assertThat(refusing.choosable(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void instancesThatRefusedNothingAreAllOffered() {
        assertThat(refusing.choosable(List.of(a, b))).containsExactly(a, b);
    }

    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T10:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
