package health.liaison.notifications.notices;

import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.events.scheduling.WaitlistSlotOffered;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * One-off notices other services' events call for: an earlier slot offered from the waitlist (SMS and email, so the
 * patient sees it in time) and the acknowledgement of a concern or complaint (email). Message ids derive from the
 * offer or complaint, so a redelivered event plans nothing twice.
 */
@Component
class PatientNotices {

    private final Messages messages;
    private final Clock clock;
    private final EventInbox.Reaction scheduling;
    private final EventInbox.Reaction records;

    PatientNotices(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.scheduling = inbox.reaction("waitlist-offers").on(WaitlistSlotOffered.class, this::offered);
        this.records = inbox.reaction("complaint-acknowledgements").on(ComplaintOpened.class, this::complaint);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.waitlist-offers")
    void onScheduling(ConsumerRecord<String, byte[]> record) {
        scheduling.accept(record);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.complaint-acknowledgements")
    void onRecords(ConsumerRecord<String, byte[]> record) {
        records.accept(record);
    }

    private void offered(ReceivedEvent<WaitlistSlotOffered> event) {
        WaitlistSlotOffered offer = event.payload();
        Instant now = clock.instant();
        for (Channel channel : Channel.values()) {
            messages.plan(Message.planned("waitlist-" + offer.offerId() + "-" + channel.name(), offer.patientId(),
                    offer.locationId(), null, "WAITLIST_OFFER", channel, now, offer.start(), event.id(), now));
        }
    }

    private void complaint(ReceivedEvent<ComplaintOpened> event) {
        ComplaintOpened opened = event.payload();
        Instant now = clock.instant();
        messages.plan(Message.planned("complaint-" + opened.complaintId() + "-EMAIL", opened.patientId(), opened.locationId(),
                null, "COMPLAINT_RECEIVED", Channel.EMAIL, now, null, event.id(), now));
    }
}
