package health.liaison.notifications.testdata;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;

import java.time.Instant;
import java.util.List;

/** Publishes scheduling's events on the real topic, as the scheduling service's outbox relay does. */
public final class SchedulingEvents {

    private SchedulingEvents() {
    }

    public static void booked(String tenant, String appointmentId, String patientId, String locationId, String type,
                              Instant start) {
        publish(tenant, locationId, new AppointmentBooked(appointmentId, patientId, locationId, type, "CONSULTATION",
                List.of("prov-1"), List.of("room-1"), start, start.plusSeconds(3600)));
    }

    public static void rescheduled(String tenant, String appointmentId, String patientId, String locationId, String type,
                                   Instant previousStart, Instant start) {
        publish(tenant, locationId, new AppointmentRescheduled(appointmentId, patientId, locationId, type, "CONSULTATION",
                List.of("prov-1"), List.of("room-1"), previousStart, start, start.plusSeconds(3600)));
    }

    public static void cancelled(String tenant, String appointmentId, String patientId, String locationId, String type,
                                 Instant start) {
        publish(tenant, locationId, new AppointmentCancelled(appointmentId, patientId, locationId, type, "CONSULTATION",
                start, "PATIENT_REQUEST", Instant.now()));
    }

    public static void publish(String tenant, String locationId, DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", tenant, locationId, event));
    }
}
