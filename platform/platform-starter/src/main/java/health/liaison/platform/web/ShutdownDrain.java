package health.liaison.platform.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first thing a stopping service does: it keeps serving for a short drain, but answers every request with
 * {@code Connection: close}, so callers that pool keep-alive connections (the gateway) retire each connection after
 * its answer instead of sending a request on it just as the server closes it. After the drain, Spring Boot's
 * graceful web-server shutdown runs as usual: in-flight requests finish, new connections are refused (which the
 * gateway retries on another instance whatever the method).
 *
 * <p>Readiness is already {@code REFUSING_TRAFFIC} by then: Spring Boot publishes it when the context begins to
 * close, before any lifecycle stops. The drain stops first of all lifecycles ({@link #PHASE}), before the
 * web server's graceful shutdown ({@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE},
 * {@code Integer.MAX_VALUE - 1024}), the outbox relay and the Kafka listeners, so the service works fully while
 * it drains.
 *
 * <p>The drain ends after {@code liaison.shutdown.drain} (default 5 s), or earlier once no request is in flight and
 * none has been answered for {@code liaison.shutdown.drain-quiet} (default 3 s): a pooled connection idle that long
 * is past the gateway's pool max idle time (2 s) and is never reused. An idle service (or a test context) therefore
 * stops almost at once. Readiness is already down when the drain begins, so callers that watch it (the gateway probes
 * each instance of a locally load-balanced area every second; Kubernetes removes the pod from its Service) stop
 * sending new requests within about a second and the drain ends with nothing in flight. Requests to
 * {@code /actuator/} (those probes) do not count as traffic. {@code liaison.shutdown.drain=0} turns the drain off.
 */
public final class ShutdownDrain implements SmartLifecycle {

    /** Stops before every other lifecycle, in particular before the web server's graceful shutdown. */
    public static final int PHASE = Integer.MAX_VALUE;

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(100);
    private static final String PROBES = "/actuator/";

    private final Duration drain;
    private final Duration quiet;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Instant lastAnswered = Instant.MIN;
    private volatile boolean running;
    private volatile boolean draining;

    public ShutdownDrain(Duration drain, Duration quiet, Clock clock) {
        this.drain = drain;
        this.quiet = quiet;
        this.clock = clock;
    }

    /** True from the moment the service began to stop: every answer closes its connection. */
    public boolean draining() {
        return draining;
    }

    /** The servlet filter that closes connections while draining; register it ahead of every other filter. */
    public Filter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // health probes (the gateway's, the kubelet's) keep coming while draining: they are answered but do
                // not hold the drain open, or it could never end early
                boolean counted = !request.getRequestURI().startsWith(PROBES);
                if (counted) {
                    inFlight.incrementAndGet();
                }
                try {
                    closeConnectionIfDraining(response);
                    chain.doFilter(request, response);
                    // a request that began before the drain and ends during it closes its connection too
                    closeConnectionIfDraining(response);
                } finally {
                    if (counted) {
                        lastAnswered = clock.instant();
                        inFlight.decrementAndGet();
                    }
                }
            }

            @Override
            protected boolean shouldNotFilterAsyncDispatch() {
                return false;
            }
        };
    }

    private void closeConnectionIfDraining(HttpServletResponse response) {
        if (draining && !response.isCommitted()) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    @Override
    public void start() {
        draining = false;
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        if (!running || drain.isZero() || drain.isNegative()) {
            running = false;
            callback.run();
            return;
        }
        draining = true;
        Instant deadline = clock.instant().plus(drain);
        log.info("Draining for at most {}: every answer closes its connection", drain);
        awaitEnd(deadline, () -> {
            running = false;
            log.info("Drain over; the web server shuts down gracefully");
            callback.run();
        });
    }

    private void awaitEnd(Instant deadline, Runnable done) {
        Instant now = clock.instant();
        boolean quietLongEnough = inFlight.get() == 0 && !lastAnswered.plus(quiet).isAfter(now);
        if (quietLongEnough || !now.isBefore(deadline)) {
            done.run();
            return;
        }
        CompletableFuture.delayedExecutor(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> awaitEnd(deadline, done));
    }

    @Override
    public void stop() {
        CountDownLatch stopped = new CountDownLatch(1);
        stop(stopped::countDown);
        try {
            stopped.await(drain.toMillis() + CHECK_INTERVAL.toMillis() * 5, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
