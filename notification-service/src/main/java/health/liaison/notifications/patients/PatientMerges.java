package health.liaison.notifications.patients;

import health.liaison.notifications.preferences.PatientPreferences;
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
 * Records merged two charts of one person: messages not yet sent and sent ones alike, and the patient's texts, move
 * from the merged patient id to the surviving one in the event's practice group only (a waiting message then reads
 * the surviving chart's contact details at send time, and the frequency cap counts both histories); stored
 * preferences are merged, the surviving patient's own winning. Each document moves in its own write and is no longer
 * matched once moved, so a redelivery or a retry after a crash half-way ends in the same state. Events already
 * waiting in an outbox keep the id they were published with.
 */
@Component
class PatientMerges {

    private static final Logger log = LoggerFactory.getLogger(PatientMerges.class);

    private final PatientHoldings holdings;
    private final PatientPreferences preferences;
    private final EventInbox.Reaction reaction;

    PatientMerges(TenantStores stores, PatientPreferences preferences, EventInbox inbox) {
        this.holdings = new PatientHoldings(stores, "messages", "inbound_texts");
        this.preferences = preferences;
        this.reaction = inbox.reaction("notifications-patient-merges").on(PatientsMerged.class, this::merged);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.patient-merges")
    void onPatients(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void merged(ReceivedEvent<PatientsMerged> event) {
        PatientsMerged merge = event.payload();
        long moved = holdings.follow(merge);
        if (PatientHoldings.isMerge(merge)) {
            preferences.merge(merge.mergedPatientId(), merge.survivingPatientId(), merge.locationId());
        }
        log.info("Patient merge event {}: {} notification documents moved to the surviving chart", event.id(), moved);
    }
}
