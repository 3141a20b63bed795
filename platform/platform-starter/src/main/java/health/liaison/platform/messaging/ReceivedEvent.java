package health.liaison.platform.messaging;

import health.liaison.platform.events.DomainEvent;

import java.time.Instant;

/** A consumed event with its envelope: the id handlers use to stay idempotent, the tenant and clinic it concerns. */
public record ReceivedEvent<E extends DomainEvent>(String id, String type, String tenantId, String locationId,
                                                   Instant time, E payload) {
}
