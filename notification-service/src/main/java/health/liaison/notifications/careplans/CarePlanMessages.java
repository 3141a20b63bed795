package health.liaison.notifications.careplans;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.records.CarePlanIssued;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Pre-op and post-op instructions issued in records go to the patient by email (kind PRE_OP_INSTRUCTIONS or
 * POST_OP_INSTRUCTIONS); the text is read from records at send time, never kept here. Pre-op instructions are due
 * {@code liaison.notifications.pre-op.instructions-before} (7 days) before the surgery, or at once when that is past
 * or the start is not known here; the start is kept from scheduling's booked and rescheduled events, and a moved
 * surgery moves its instructions still waiting. When the provider took it, the message-sent event tells records'
 * checklist that the instructions were sent. The message id is derived from the care plan, so a redelivered event
 * queues nothing twice.
 */
@Component
class CarePlanMessages {

    static final String PRE_OP_INSTRUCTIONS = "PRE_OP_INSTRUCTIONS";
    private static final Logger log = LoggerFactory.getLogger(CarePlanMessages.class);

    private final Messages messages;
    private final AppointmentStarts starts;
    private final Duration preOpBefore;
    private final EventInbox.Reaction reaction;
    private final EventInbox.Reaction scheduling;
    private final Clock clock;

    CarePlanMessages(Messages messages, AppointmentStarts starts, NotificationProperties properties, EventInbox inbox,
                     Clock clock) {
        this.messages = messages;
        this.starts = starts;
        this.preOpBefore = properties.preOp().instructionsBefore();
        this.clock = clock;
        this.reaction = inbox.reaction("care-plan-messages").on(CarePlanIssued.class, this::issued);
        this.scheduling = inbox.reaction("care-plan-surgery-starts")
                .on(AppointmentBooked.class, e -> started(e.payload().appointmentId(), e.payload().locationId(), e.payload().start()))
                .on(AppointmentRescheduled.class, e -> started(e.payload().appointmentId(), e.payload().locationId(), e.payload().start()));
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.care-plan-messages")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.care-plan-surgery-starts")
    void onScheduling(ConsumerRecord<String, byte[]> record) {
        scheduling.accept(record);
    }

    private void issued(ReceivedEvent<CarePlanIssued> event) {
        CarePlanIssued plan = event.payload();
        Instant now = clock.instant();
        String kind = plan.kind() + "_INSTRUCTIONS";
        boolean preOp = PRE_OP_INSTRUCTIONS.equals(kind);
        Instant due = preOp ? starts.startOf(plan.appointmentId()).map(start -> dueBefore(start, now)).orElse(now) : now;
        messages.plan(Message.planned("careplan-" + plan.carePlanId() + "-EMAIL", plan.patientId(), plan.locationId(),
                plan.appointmentId(), kind, Channel.EMAIL, due, null, event.id(), now)
                .about(plan.carePlanId()));
        if (preOp) {
            // the surgery may have moved while this was planned: time it by the start known now
            starts.startOf(plan.appointmentId()).map(start -> dueBefore(start, clock.instant())).filter(d -> !d.equals(due))
                    .ifPresent(d -> messages.retimePending(plan.appointmentId(), PRE_OP_INSTRUCTIONS, d));
        }
    }

    private void started(String appointmentId, String locationId, Instant start) {
        Instant now = clock.instant();
        starts.record(appointmentId, locationId, start, now);
        int moved = messages.retimePending(appointmentId, PRE_OP_INSTRUCTIONS, dueBefore(start, now));
        if (moved > 0) {
            log.info("Appointment {} moved: {} pending pre-op instruction message(s) retimed", appointmentId, moved);
        }
    }

    private Instant dueBefore(Instant start, Instant now) {
        Instant due = start.minus(preOpBefore);
        return due.isAfter(now) ? due : now;
    }
}
