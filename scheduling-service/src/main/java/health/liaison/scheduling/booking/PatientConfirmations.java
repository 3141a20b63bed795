package health.liaison.scheduling.booking;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.notifications.PatientConfirmed;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The patient's own "C" reply (notification service's patient-confirmed event) marks the appointment confirmed by the
 * patient, so the front desk sees who has confirmed before the day; the first reply counts, a redelivery changes nothing.
 */
@Component
class PatientConfirmations {

    private final TenantStore<Appointment> appointments;
    private final EventInbox.Reaction reaction;

    PatientConfirmations(TenantStores stores, EventInbox inbox) {
        this.appointments = stores.of(Appointment.class, "appointments", "appointment");
        this.reaction = inbox.reaction("scheduling-patient-confirmations").on(PatientConfirmed.class, this::confirmed);
    }

    @KafkaListener(topics = Topics.NOTIFICATIONS_MESSAGE, groupId = "${spring.kafka.consumer.group-id}.patient-confirmations")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void confirmed(ReceivedEvent<PatientConfirmed> event) {
        String appointmentId = event.payload().appointmentId();
        if (appointmentId == null || appointments.find(appointmentId).isEmpty()) {
            return;
        }
        appointments.modify(appointmentId, a -> TenantStore.Change.quietly(
                a.patientId().equals(event.payload().patientId()) ? a.confirmedByPatient(event.payload().confirmedAt()) : a));
    }
}
