package health.liaison.notifications.inquiries;

import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Answers a new inquiry ({@code inquiry.received}): one acknowledgement to the inquirer, in their language, by the
 * channel they prefer (decided at send time, when the dispatcher reads the inquirer's contact from records; the
 * message for the other channel is then suppressed). Quiet hours and SMS opt-outs apply as for any care message.
 * Ids derive from the inquiry, so a redelivery plans nothing twice.
 */
@Component
class InquiryAcknowledgements {

    public static final String KIND = Message.INQUIRY_ACKNOWLEDGEMENT;

    private final Messages messages;
    private final EventInbox.Reaction reaction;
    private final Clock clock;

    InquiryAcknowledgements(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("inquiry-acknowledgements").on(InquiryReceived.class, this::received);
    }

    @KafkaListener(topics = Topics.RECORDS_INQUIRY, groupId = "${spring.kafka.consumer.group-id}.inquiry-acknowledgements")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void received(ReceivedEvent<InquiryReceived> event) {
        InquiryReceived received = event.payload();
        Instant now = clock.instant();
        for (Channel channel : Channel.values()) {
            messages.plan(Message.planned("inquiry-ack-" + received.inquiryId() + "-" + channel, null,
                    received.locationId(), null, KIND, channel, now, null, event.id(), now).about(received.inquiryId()));
        }
    }
}
