package health.liaison.notifications.testdata;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;

/** Publishes another service's event on its real topic, as that service's outbox relay does (a new event id each time). */
public final class ServiceEvents {

    private ServiceEvents() {
    }

    public static void billing(String tenant, String locationId, DomainEvent event) {
        publish("/liaison/billing-service", tenant, locationId, event);
    }

    public static void inventory(String tenant, String locationId, DomainEvent event) {
        publish("/liaison/inventory-service", tenant, locationId, event);
    }

    public static void publish(String source, String tenant, String locationId, DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of(source, tenant, locationId, event));
    }
}
