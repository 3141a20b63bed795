package health.liaison.billing.patients;

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
 * Records merged two charts of one person: every quote, invoice, coverage, claim, prior authorization and booked
 * surgery billing holds under the merged patient id moves to the surviving one, in the event's practice group only,
 * so the surviving patient's ledger shows both. Each document moves in its own write and is no longer matched once
 * moved, so a redelivery or a retry after a crash half-way ends in the same state. Sealed member ids and subscriber
 * details are bound to the coverage id, not the patient, so they still open. Events already waiting in an outbox
 * keep the id they were published with.
 */
@Component
class PatientMerges {

    private static final Logger log = LoggerFactory.getLogger(PatientMerges.class);

    private final PatientHoldings holdings;
    private final EventInbox.Reaction reaction;

    PatientMerges(TenantStores stores, EventInbox inbox) {
        this.holdings = new PatientHoldings(stores, "quotes", "invoices", "coverages", "claims", "prior_authorizations", "booked_surgeries");
        this.reaction = inbox.reaction("billing-patient-merges").on(PatientsMerged.class, this::merged);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.patient-merges")
    void onPatients(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void merged(ReceivedEvent<PatientsMerged> event) {
        PatientsMerged merge = event.payload();
        long moved = holdings.follow(merge);
        log.info("Patient merge event {}: {} billing documents moved to the surviving chart", event.id(), moved);
    }
}
