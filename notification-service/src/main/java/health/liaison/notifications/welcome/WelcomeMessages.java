package health.liaison.notifications.welcome;

import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * A newly registered patient gets one welcome email. The message id is derived from the patient, so even a
 * redelivery that slips past the inbox cannot queue a second one.
 */
@Component
class WelcomeMessages {

    private final Messages messages;
    private final EventInbox.Reaction reaction;
    private final Clock clock;

    WelcomeMessages(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("welcome-messages").on(PatientRegistered.class, this::welcome);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.welcome-messages")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void welcome(ReceivedEvent<PatientRegistered> event) {
        PatientRegistered registered = event.payload();
        Instant now = clock.instant();
        messages.plan(Message.planned("welcome-" + registered.patientId(), registered.patientId(),
                registered.locationId(), null, "WELCOME", Channel.EMAIL, now, null, event.id(), now));
    }
}
