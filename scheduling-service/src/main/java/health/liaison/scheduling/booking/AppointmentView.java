package health.liaison.scheduling.booking;

import java.time.Instant;
import java.util.List;

/** An appointment as the API shows it, with the visit's wait times derived from its flow. */
public record AppointmentView(String id, String patientId, String locationId, String appointmentTypeId, String category,
                       List<String> providerIds, List<String> roomIds, Instant start, Instant end, String status,
                       Instant holdExpiresAt, String cancelReason, Instant cancelledAt, FlowView flow,
                       Instant patientConfirmedAt) {

    record FlowView(Instant checkedInAt, Instant roomedAt, Instant withProviderAt, Instant checkedOutAt,
                    Long waitingRoomMinutes, Long roomToProviderMinutes, Long visitMinutes) {
    }

    public static AppointmentView of(Appointment a) {
        Appointment.Flow f = a.flow() == null ? Appointment.Flow.NONE : a.flow();
        return new AppointmentView(a.id(), a.patientId(), a.locationId(), a.appointmentTypeId(), a.category().name(),
                a.providerIds(), a.roomIds(), a.start(), a.end(), a.status().name(), a.holdExpiresAt(), a.cancelReason(),
                a.cancelledAt(), new FlowView(f.checkedInAt(), f.roomedAt(), f.withProviderAt(), f.checkedOutAt(),
                f.waitingRoomMinutes(), f.roomToProviderMinutes(), f.visitMinutes()), a.patientConfirmedAt());
    }
}
