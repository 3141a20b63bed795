package health.liaison.notifications.patients;

import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.Paging;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The patients of each practice group that notifications has heard of, from records' {@code patient.registered}
 * (a typed local model: ids, clinic and time only). A patient counts as known if registered, or if messages are
 * held for them (patients registered before this model existed all have their welcome message, and a merge moves
 * messages to the surviving chart). Stored under {@code <tenant>|<patientId>} ({@link TenantStores#ofNamed}), so an
 * id of another group is as unknown as one nobody has: reads and writes naming it answer 404.
 */
@Component
public class KnownPatients {

    record KnownPatient(String id, String locationId, Instant registeredAt) {
    }

    private final TenantStore<KnownPatient> patients;
    private final Messages messages;
    private final EventInbox.Reaction reaction;

    KnownPatients(TenantStores stores, Messages messages, EventInbox inbox) {
        this.patients = stores.ofNamed(KnownPatient.class, "known_patients", "patient");
        this.messages = messages;
        this.reaction = inbox.reaction("known-patients").on(PatientRegistered.class, this::registered);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.known-patients")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void registered(ReceivedEvent<PatientRegistered> event) {
        PatientRegistered registered = event.payload();
        try {
            patients.insert(new KnownPatient(registered.patientId(), registered.locationId(), registered.registeredAt()),
                    List.of(), registered.locationId());
        } catch (DuplicateKeyException redelivered) {
            // known already
        }
    }

    /** Whether the caller's practice group has this patient. */
    public boolean exists(String patientId) {
        return patients.find(patientId).isPresent() || messages.forPatient(patientId, new Paging(0, 1)).totalItems() > 0;
    }
}
