package health.liaison.platform.web;

import health.liaison.platform.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShutdownDrainTest {

    private final MovableClock clock = new MovableClock();
    private final ShutdownDrain drain = new ShutdownDrain(Duration.ofSeconds(5), Duration.ofSeconds(3), clock);
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Test
    void stopsBeforeTheWebServerShutsDownGracefullyAndBeforeTheOutboxRelay() {
        // lifecycles stop from the highest phase down
        assertThat(drain.getPhase())
                .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
                .isGreaterThan(OutboxRelay.PHASE);
    }

    @Test
    void keepsConnectionsAliveWhileRunning() throws Exception {
        drain.start();

        assertThat(answer().getHeader("Connection")).isNull();
        assertThat(drain.isRunning()).isTrue();
        assertThat(drain.draining()).isFalse();
    }

    @Test
    void whileDrainingEveryAnswerClosesItsConnectionUntilTheDrainIsOver() throws Exception {
        drain.start();
        answer();

        drain.stop(() -> stopped.set(true));

        assertThat(drain.draining()).isTrue();
        assertThat(answer().getHeader("Connection")).isEqualTo("close");
        clock.advance(Duration.ofSeconds(2));
        assertThat(answer().getHeader("Connection")).isEqualTo("close");
        clock.advance(Duration.ofSeconds(2));
        // 4 s in, and the last answer was 2 s ago: still draining
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilFalse(stopped);
        assertThat(drain.isRunning()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(2)).untilTrue(stopped);
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void aRequestThatBeganBeforeTheDrainClosesItsConnectionWhenItEndsDuringIt() throws Exception {
        drain.start();
        MockHttpServletResponse response = new MockHttpServletResponse();

        drain.filter().doFilter(new MockHttpServletRequest("POST", "/api/records/v1/patients"), response,
                (request, answer) -> drain.stop(() -> stopped.set(true)));

        assertThat(response.getHeader("Connection")).isEqualTo("close");
        clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(2)).untilTrue(stopped);
    }

    @Test
    void endsEarlyOnceNoRequestHasBeenAnsweredForTheQuietPeriod() throws Exception {
        drain.start();
        answer();
        drain.stop(() -> stopped.set(true));

        clock.advance(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(2)).untilTrue(stopped);
    }

    @Test
    void healthProbesAreAnsweredWithTheirConnectionClosedButDoNotHoldTheDrainOpen() throws Exception {
        drain.start();
        answer();
        drain.stop(() -> stopped.set(true));

        clock.advance(Duration.ofSeconds(2));
        MockHttpServletResponse probe = new MockHttpServletResponse();
        drain.filter().doFilter(new MockHttpServletRequest("GET", "/actuator/health/readiness"), probe, new MockFilterChain());
        assertThat(probe.getHeader("Connection")).isEqualTo("close");
        clock.advance(Duration.ofSeconds(1));

        // 3 s after the last answer to a caller, though the probe was answered 1 s ago
        await().atMost(Duration.ofSeconds(2)).untilTrue(stopped);
    }

    @Test
    void aServiceThatAnsweredNothingStopsAtOnce() {
        drain.start();

        drain.stop(() -> stopped.set(true));

        assertThat(stopped).isTrue();
    }

    @Test
    void aZeroDrainTurnsItOff() throws Exception {
        ShutdownDrain off = new ShutdownDrain(Duration.ZERO, Duration.ofSeconds(3), clock);
        off.start();

        off.stop(() -> stopped.set(true));

        assertThat(stopped).isTrue();
        assertThat(off.draining()).isFalse();
    }

    private MockHttpServletResponse answer() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        drain.filter().doFilter(new MockHttpServletRequest("GET", "/api/records/v1/patients/p-1"), response,
                new MockFilterChain());
        return response;
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
