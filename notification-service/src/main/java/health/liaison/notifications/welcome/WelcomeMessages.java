package health.liaison.notifications.welcome;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * A newly registered patient gets one welcome message. The message id is derived from the patient, so even a
 * redelivery that slips past the inbox cannot queue a second one.
 */
@Component
class WelcomeMessages {

    private final TenantStore<Message> messages;
    private final EventInbox.Reaction reaction;
    private final Clock clock;

    WelcomeMessages(TenantStores stores, EventInbox inbox, Clock clock) {
        this.messages = stores.of(Message.class, "messages", "message");
        this.clock = clock;
        this.reaction = inbox.reaction("welcome-messages").on(PatientRegistered.class, this::welcome);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "notification-service.welcome-messages")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void welcome(ReceivedEvent<PatientRegistered> event) {
        PatientRegistered registered = event.payload();
        Message message = new Message("welcome-" + registered.patientId(), registered.patientId(),
                registered.locationId(), "WELCOME", "QUEUED", event.id(), clock.instant());
        try {
            messages.insert(message, List.of(), registered.locationId());
        } catch (DuplicateKeyException alreadyQueued) {
            // the same patient's welcome was queued by an earlier delivery
        }
    }
}
