package health.liaison.benchmarks;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives HTTP load from this process. Two shapes: an open model at a fixed rate (each request has an intended
 * start time and its latency is measured from that time, so a stalled server cannot hide its queueing —
 * coordinated omission is accounted for, as in wrk2), and a closed loop of N workers for the highest throughput.
 */
final class LoadGenerator {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    /** Requests sent and not yet answered, of every run of this generator. */
    private final AtomicLong inFlight = new AtomicLong();

    record Result(String name, double throughputPerSecond, long requests, long errors, double p50Millis,
                  double p95Millis, double p99Millis, double maxMillis) {
    }

    /** Sends {@code rate} requests per second for {@code duration}, latency measured from the intended start. */
    Result fixedRate(String name, Supplier<HttpRequest> request, int rate, Duration duration) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        long total = (long) rate * duration.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<Void> response = http.send(request.get(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() >= 400) {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    synchronized (histogram) {
                        histogram.recordValue(Math.max(0, System.nanoTime() - intended));
                    }
                    inFlight.decrementAndGet();
                    done.countDown();
                }
            });
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return result(name, histogram, total, errors.get(), elapsed);
    }

    /** {@code workers} loops each sending the next request when the previous answered, for {@code duration}. */
    Result closedLoop(String name, Supplier<HttpRequest> request, int workers, Duration duration) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request.get(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    synchronized (histogram) {
                        histogram.recordValue(System.nanoTime() - begin);
                    }
                    count.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return result(name, histogram, count.get(), errors.get(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Closed-loop rounds of {@code round} until three consecutive rounds' throughputs lie within {@code tolerance}
     * (a fraction) of each other, or {@code cap} has passed: a JIT-compiled server levels off only after a while
     * under load, and two close rounds alone can still be on the way up. Returns the last round; {@code progress}
     * hears of every round.
     */
    Result warmUntilStable(String name, Supplier<HttpRequest> request, int workers, Duration round, double tolerance,
                           Duration cap, Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + cap.toNanos();
        List<Double> throughputs = new ArrayList<>();
        for (int n = 1; ; n++) {
            Result current = closedLoop(name, request, workers, round);
            double now = current.throughputPerSecond();
            String change = throughputs.isEmpty() ? ""
                    : " (%+.1f %%)".formatted(100 * (now - throughputs.getLast()) / throughputs.getLast());
            throughputs.add(now);
            List<Double> last = throughputs.subList(Math.max(0, throughputs.size() - 3), throughputs.size());
            double low = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double high = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            boolean stable = last.size() == 3 && low > 0 && (high - low) / low < tolerance;
            boolean over = System.nanoTime() + round.toNanos() > deadline;
            progress.accept("warm-up %s round %d: %.0f req/s%s%s".formatted(name, n, now, change,
                    stable ? ", stable" : over ? ", not stable within " + cap.toSeconds() + " s" : ""));
            if (stable || over) {
                return current;
            }
        }
    }

    /**
     * Waits until every request this generator sent has been answered (or has failed), so that one run's
     * leftovers do not load the next, then lets the servers settle for {@code pause}.
     */
    void quiesce(Duration pause) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        if (inFlight.get() > 0) {
            throw new IllegalStateException(inFlight.get() + " requests still unanswered after 120 s");
        }
        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
    }

    static HttpRequest get(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static Result result(String name, Histogram h, long requests, long errors, double seconds) {
        return new Result(name, requests / seconds, requests, errors, millis(h.getValueAtPercentile(50)),
                millis(h.getValueAtPercentile(95)), millis(h.getValueAtPercentile(99)), millis(h.getMaxValue()));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
