package health.liaison.notifications.careplans;

import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.CarePlanIssued;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Pre-op and post-op instructions issued in records go to the patient by email (kind PRE_OP_INSTRUCTIONS or
 * POST_OP_INSTRUCTIONS); the text is read from records at send time, never kept here. When the provider took it,
 * the message-sent event tells records' checklist that the instructions were sent. The message id is derived from
 * the care plan, so a redelivered event queues nothing twice.
 */
@Component
class CarePlanMessages {

    private final Messages messages;
    private final EventInbox.Reaction reaction;
    private final Clock clock;

    CarePlanMessages(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("care-plan-messages").on(CarePlanIssued.class, this::issued);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.care-plan-messages")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void issued(ReceivedEvent<CarePlanIssued> event) {
        CarePlanIssued plan = event.payload();
        Instant now = clock.instant();
        messages.plan(Message.planned("careplan-" + plan.carePlanId() + "-EMAIL", plan.patientId(), plan.locationId(),
                plan.appointmentId(), plan.kind() + "_INSTRUCTIONS", Channel.EMAIL, now, null, event.id(), now)
                .about(plan.carePlanId()));
    }
}
