package health.liaison.platform.events;

import health.liaison.platform.events.records.PatientRegistered;

import java.time.Instant;
import java.util.Map;

/** One example of every published event, the producer-side half of the contract test. */
final class EventSamples {

    static final Instant AT = Instant.parse("2026-03-08T14:00:00Z");

    static final Map<Class<? extends DomainEvent>, DomainEvent> SAMPLES = Map.of(
            PatientRegistered.class, new PatientRegistered("pat-7f3a", "aurora-miami", AT));

    private EventSamples() {
    }
}
