package health.liaison.platform.outbox;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventCatalog;
import health.liaison.platform.events.EventJson;
import health.liaison.platform.tenancy.Callers;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a domain event into a {@link PendingEvent}: a fresh id, the wire type and topic from the catalog, the
 * caller's tenant, the occurrence time and the current trace context (so the trace continues across Kafka even
 * though the relay publishes later, on another thread).
 */
public final class EventStamper {

    private final String source;
    private final Clock clock;
    private final Tracer tracer;
    private final Propagator propagator;

    public EventStamper(String serviceName, Clock clock, Tracer tracer, Propagator propagator) {
        this.source = "/liaison/" + serviceName;
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public PendingEvent stamp(DomainEvent event, String locationId) {
        Class<? extends DomainEvent> type = event.getClass();
        return new PendingEvent(UUID.randomUUID().toString(), EventCatalog.typeNameOf(type),
                EventCatalog.topicOf(type), event.subject(), source, Callers.current().tenantId(), locationId,
                clock.instant(), currentTraceparent(), new String(EventJson.write(event), StandardCharsets.UTF_8));
    }

    private String currentTraceparent() {
        if (tracer == null || propagator == null) {
            return null;
        }
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get("traceparent");
    }
}
