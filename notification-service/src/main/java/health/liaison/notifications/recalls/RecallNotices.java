package health.liaison.notifications.recalls;

import health.liaison.notifications.channels.SendFailure;
import health.liaison.notifications.contacts.Contact;
import health.liaison.notifications.contacts.PatientContacts;
import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.RecallRaised;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * Inventory's recall, told to the people who must act on it. Each affected patient gets a RECALL_NOTICE by email and
 * by SMS (consent, opt-outs and the channel's address are checked at send time, as for every patient message) asking
 * them to contact the clinic; the email names the manufacturer, the SMS names no product and no procedure. Each
 * clinic whose patients it reached gets one RECALL_RAISED staff alert to its coordinators, with the product and how
 * many of its patients it reached, no patient ids or names.
 * <p>
 * <b>Not urgent:</b> quiet hours and the frequency cap apply. A recall asks for a call to the clinic, which is only
 * answered in opening hours; a text at 2 a.m. about a recalled implant alarms without letting the patient do
 * anything sooner. A practice that thinks otherwise lists RECALL_NOTICE in {@code liaison.notifications.urgent-kinds}.
 * <p>
 * The recall names patients but no clinic, so the clinic of each chart is read from records (the same service-token
 * read as at send time) when the recall arrives; records unreachable fails the handler, which is retried and then
 * dead-lettered like any other. Ids derive from the recall, the patient (or clinic) and the channel, so a
 * redelivered recall plans nothing twice.
 */
@Component
class RecallNotices {

    static final String PATIENT_KIND = "RECALL_NOTICE";
    static final String STAFF_KIND = "RECALL_RAISED";
    static final String STAFF_ROLE = "COORDINATOR";
    private static final Logger log = LoggerFactory.getLogger(RecallNotices.class);
    private static final List<Channel> EMAIL_AND_SMS = List.of(Channel.EMAIL, Channel.SMS);

    private final Messages messages;
    private final PatientContacts contacts;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    RecallNotices(Messages messages, PatientContacts contacts, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.contacts = contacts;
        this.clock = clock;
        this.reaction = inbox.reaction("recall-notices").on(RecallRaised.class, this::raised);
    }

    @KafkaListener(topics = Topics.INVENTORY_STOCK, groupId = "${spring.kafka.consumer.group-id}.recall-notices")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void raised(ReceivedEvent<RecallRaised> event) {
        RecallRaised recall = event.payload();
        Instant now = clock.instant();
        Map<String, Integer> patientsPerClinic = new TreeMap<>();
        List<String> patientIds = recall.patientIds() == null ? List.of() : recall.patientIds().stream().distinct().toList();
        int unknown = 0;
        for (String patientId : patientIds) {
            String locationId;
            try {
                Contact contact = contacts.of(patientId);
                locationId = contact.locationId();
            } catch (SendFailure failure) {
                if (failure.retryable()) {
                    throw failure;
                }
                locationId = null;
            }
            if (locationId == null) {
                unknown++;
                continue;
            }
            patientsPerClinic.merge(locationId, 1, Integer::sum);
            Map<String, String> details = Map.of("manufacturer", recall.manufacturer() == null ? "" : recall.manufacturer());
            for (Channel channel : EMAIL_AND_SMS) {
                messages.plan(Message.planned("recall-" + recall.recallId() + "-" + patientId + "-" + channel.name(),
                        patientId, locationId, null, PATIENT_KIND, channel, now, null, event.id(), now)
                        .withDetails(details));
            }
        }
        if (unknown > 0) {
            log.warn("Recall {} names {} patient(s) records has no chart for in this practice group", recall.recallId(), unknown);
        }
        patientsPerClinic.forEach((locationId, patients) -> {
            Map<String, String> details = new TreeMap<>();
            details.put("recallId", recall.recallId());
            details.put("manufacturer", recall.manufacturer() == null ? "" : recall.manufacturer());
            details.put("sku", recall.sku() == null ? "" : recall.sku());
            details.put("lot", recall.lot() == null ? "" : recall.lot());
            details.put("patients", Integer.toString(patients));
            messages.plan(Message.forStaff("recall-" + recall.recallId() + "-" + locationId + "-" + STAFF_ROLE + "-EMAIL",
                    STAFF_ROLE, locationId, STAFF_KIND, now, details, event.id(), now));
        });
    }
}
