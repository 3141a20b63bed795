package health.liaison.platform.events;

import health.liaison.platform.events.records.PatientRegistered;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One example of every published event, the producer-side half of the contract test. Add yours to your area's block. */
final class EventSamples {

    static final Instant AT = Instant.parse("2026-03-08T14:00:00Z");

    static final Map<Class<? extends DomainEvent>, DomainEvent> SAMPLES = new HashMap<>();

    static {
        records();
        scheduling();
        billing();
        inventory();
        notifications();
    }

    private static void add(DomainEvent sample) {
        SAMPLES.put(sample.getClass(), sample);
    }

    private static void records() {
        add(new PatientRegistered("pat-7f3a", "aurora-miami", AT));
    }

    private static void scheduling() {
    }

    private static void billing() {
    }

    private static void inventory() {
    }

    private static void notifications() {
    }

    private EventSamples() {
    }
}
