package health.liaison.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each timed job of this process last finished a run: {@code liaison.job.last.success{job}} in epoch seconds
 * (Prometheus: {@code liaison_job_last_success_seconds}), so an alert fires when a hold sweeper or a reminder
 * dispatcher has stopped running ({@code time() - max by (job) (...) > 5m}). The job's name is the only tag.
 */
public class JobHeartbeats {

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public JobHeartbeats(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** The job finished a run now (whether or not it found work). */
    public void ran(String job) {
        lastSuccess.computeIfAbsent(job, name -> {
            AtomicLong seconds = new AtomicLong();
            Gauge.builder("liaison.job.last.success", seconds, AtomicLong::doubleValue)
                    .tag("job", name).baseUnit("seconds")
                    .description("When the job last finished a run, in seconds since the epoch")
                    .register(meters);
            return seconds;
        }).set(clock.instant().getEpochSecond());
    }
}
