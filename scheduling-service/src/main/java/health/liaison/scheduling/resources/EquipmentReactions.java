package health.liaison.scheduling.resources;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.EquipmentBackInService;
import health.liaison.platform.events.inventory.EquipmentOutOfService;
import health.liaison.platform.messaging.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Inventory says a device is out of (or back in) service: nothing that needs it is booked meanwhile. */
@Component
class EquipmentReactions {

    private final EventInbox.Reaction reaction;

    EquipmentReactions(Resources resources, EventInbox inbox) {
        this.reaction = inbox.reaction("scheduling-equipment")
                .on(EquipmentOutOfService.class, e -> resources.setOutOfService(e.payload().equipmentId(), true))
                .on(EquipmentBackInService.class, e -> resources.setOutOfService(e.payload().equipmentId(), false));
    }

    @KafkaListener(topics = Topics.INVENTORY_EQUIPMENT, groupId = "${spring.kafka.consumer.group-id}.equipment")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }
}
