package health.liaison.billing.clinics;

import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.messaging.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Billing's copy of each clinic's time zone, from scheduling's {@code location.changed} (compacted topic, read from
 * the start by its own consumer group): due dates, overdue checks and aging count the clinic's local days.
 */
@Component
@Import(ClinicZones.class)
class ClinicZoneFeed {

    private final EventInbox.Reaction locations;

    ClinicZoneFeed(ClinicZones zones, EventInbox inbox) {
        this.locations = inbox.reaction("billing-clinic-zones").on(LocationChanged.class, e -> zones.changed(e.payload()));
    }

    @KafkaListener(topics = Topics.SCHEDULING_LOCATION, groupId = "${spring.kafka.consumer.group-id}.clinic-zones")
    void onLocation(ConsumerRecord<String, byte[]> record) {
        locations.accept(record);
    }
}
