package health.liaison.notifications.reminders;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Plans what a booked appointment sends: a confirmation now and reminders before it (per {@link ReminderPlan}),
 * on email and SMS (consent and opt-outs are checked at send time). A reschedule cancels the confirmations and
 * reminders still pending for the appointment and plans afresh for the new time (what other features planned for it,
 * e.g. pre-op instructions, they retime themselves); a cancellation cancels everything pending for it. Message ids are
 * derived from the appointment, its start and the offset, so a redelivered event plans nothing twice.
 */
@Component
class AppointmentReminders {

    private static final String CONFIRMATION = "BOOKING_CONFIRMATION";
    private static final String REMINDER = "REMINDER";
    private static final Logger log = LoggerFactory.getLogger(AppointmentReminders.class);

    private final Messages messages;
    private final ReminderPlan plan;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    AppointmentReminders(Messages messages, NotificationProperties properties, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.plan = new ReminderPlan(properties.reminders().defaultOffsets(), properties.reminders().rules().stream()
                .map(r -> new ReminderPlan.Rule(r.appointmentType(), r.location(), r.offsets())).toList());
        this.reaction = inbox.reaction("appointment-reminders")
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, this::rescheduled)
                .on(AppointmentCancelled.class, this::cancelled);
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.appointment-reminders")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked booked = event.payload();
        planFor(booked.appointmentId(), booked.patientId(), booked.locationId(), booked.appointmentTypeId(),
                booked.start(), event.id());
    }

    private void rescheduled(ReceivedEvent<AppointmentRescheduled> event) {
        AppointmentRescheduled moved = event.payload();
        // only what this feature planned: other messages about the appointment (e.g. pre-op instructions) are
        // retimed or kept by the features that planned them
        int cancelled = messages.cancelPending(moved.appointmentId(), List.of(CONFIRMATION, REMINDER));
        log.info("Appointment {} moved: {} pending message(s) cancelled", moved.appointmentId(), cancelled);
        planFor(moved.appointmentId(), moved.patientId(), moved.locationId(), moved.appointmentTypeId(), moved.start(),
                event.id());
    }

    private void cancelled(ReceivedEvent<AppointmentCancelled> event) {
        int cancelled = messages.cancelPending(event.payload().appointmentId());
        log.info("Appointment {} cancelled: {} pending message(s) cancelled", event.payload().appointmentId(), cancelled);
    }

    private void planFor(String appointmentId, String patientId, String locationId, String typeId, Instant start,
                         String eventId) {
        Instant now = clock.instant();
        if (!start.isAfter(now)) {
            return;
        }
        long startKey = start.getEpochSecond();
        for (Channel channel : Channel.values()) {
            messages.plan(Message.planned("confirm-" + appointmentId + "-" + startKey + "-" + channel, patientId,
                    locationId, appointmentId, CONFIRMATION, channel, now, start, eventId, now));
            for (ReminderPlan.Reminder reminder : plan.remindersFor(typeId, locationId, start, now)) {
                messages.plan(Message.planned("rem-" + appointmentId + "-" + startKey + "-" + reminder.offset() + "-" + channel,
                        patientId, locationId, appointmentId, REMINDER, channel, reminder.due(), start, eventId, now));
            }
        }
    }
}
