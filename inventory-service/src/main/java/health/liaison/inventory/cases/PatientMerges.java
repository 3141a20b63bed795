package health.liaison.inventory.cases;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.PatientHoldings;
import health.liaison.platform.store.TenantStores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;


/**
 * Records merged two charts of one person: the merged patient's case reservations and recorded case use move to the
 * surviving patient id in the event's practice group only, so a recall query names the surviving chart. Each document
 * moves in its own write and is no longer matched once moved, so a redelivery or a retry after a crash half-way ends
 * in the same state. Recalls already raised keep the patient ids they announced, like the events already sent.
 */
@Component
class PatientMerges {

    private static final Logger log = LoggerFactory.getLogger(PatientMerges.class);

    private final PatientHoldings holdings;
    private final EventInbox.Reaction reaction;

    PatientMerges(TenantStores stores, EventInbox inbox) {
        this.holdings = new PatientHoldings(stores, "case_reservations", "case_usage");
        this.reaction = inbox.reaction("inventory-patient-merges").on(PatientsMerged.class, this::merged);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.patient-merges")
    void onPatients(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void merged(ReceivedEvent<PatientsMerged> event) {
        PatientsMerged merge = event.payload();
        long moved = holdings.follow(merge);
        log.info("Patient merge event {}: {} inventory documents moved to the surviving chart", event.id(), moved);
    }
}
