package health.liaison.notifications.careplans;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * After a completed surgery, check-ins (kind POST_OP_CHECK_IN) go to the patient by email and SMS at the offsets of
 * {@code liaison.notifications.post-op.check-in-offsets} (1 and 7 days) after completion; an offset already past
 * goes at once. Other categories of appointment get none. Ids derive from the appointment, the offset and the
 * channel, so a redelivered event plans nothing twice. The SMS asks for an answer (1 better, 2 the same, 3 worse),
 * which {@link CheckInAnswers} records.
 */
@Component
class PostOpCheckIns {

    private final Messages messages;
    private final List<Duration> offsets;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    PostOpCheckIns(Messages messages, NotificationProperties properties, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.offsets = properties.postOp().checkInOffsets();
        this.clock = clock;
        this.reaction = inbox.reaction("post-op-check-ins").on(AppointmentCompleted.class, this::completed);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.post-op-check-ins")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void completed(ReceivedEvent<AppointmentCompleted> event) {
        AppointmentCompleted done = event.payload();
        if (!"SURGERY".equals(done.category())) {
            return;
        }
        Instant now = clock.instant();
        Instant completedAt = done.completedAt() == null ? now : done.completedAt();
        for (Duration offset : offsets) {
            Instant due = completedAt.plus(offset);
            for (Channel channel : Channel.values()) {
                messages.plan(Message.planned("postop-" + done.appointmentId() + "-" + offset + "-" + channel.name(),
                        done.patientId(), done.locationId(), done.appointmentId(), CheckInAnswers.KIND, channel,
                        due.isAfter(now) ? due : now, null, event.id(), now));
            }
        }
    }
}
