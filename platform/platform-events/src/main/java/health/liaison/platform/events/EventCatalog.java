package health.liaison.platform.events;

import health.liaison.platform.events.billing.BillingEvents;
import health.liaison.platform.events.inquiries.InquiriesEvents;
import health.liaison.platform.events.inventory.InventoryEvents;
import health.liaison.platform.events.notifications.NotificationsEvents;
import health.liaison.platform.events.records.RecordsEvents;
import health.liaison.platform.events.scheduling.SchedulingEvents;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every published event type, listed by hand per area ({@code <Area>Events.TYPES}) so the contract is reviewable. A type missing here cannot
 * be published or consumed.
 */
public final class EventCatalog {

    private static final List<Class<? extends DomainEvent>> TYPES = java.util.stream.Stream.of(
                    RecordsEvents.TYPES, InquiriesEvents.TYPES, SchedulingEvents.TYPES, BillingEvents.TYPES, InventoryEvents.TYPES,
                    NotificationsEvents.TYPES)
            .flatMap(List::stream).toList();

    private static final Map<String, Class<? extends DomainEvent>> BY_NAME;

    static {
        Map<String, Class<? extends DomainEvent>> byName = new LinkedHashMap<>();
        for (Class<? extends DomainEvent> type : TYPES) {
            EventType annotation = annotationOf(type);
            if (!Topics.domainTopics().contains(annotation.topic())) {
                throw new IllegalStateException(type.getSimpleName() + " names an undeclared topic " + annotation.topic());
            }
            if (byName.put(annotation.value(), type) != null) {
                throw new IllegalStateException("Two event classes share the wire name " + annotation.value());
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private EventCatalog() {
    }

    public static List<Class<? extends DomainEvent>> types() {
        return TYPES;
    }

    public static String typeNameOf(Class<? extends DomainEvent> type) {
        return annotationOf(type).value();
    }

    public static String topicOf(Class<? extends DomainEvent> type) {
        return annotationOf(type).topic();
    }

    public static Optional<Class<? extends DomainEvent>> classOf(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    private static EventType annotationOf(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @EventType");
        }
        return annotation;
    }
}
