package health.liaison.console.today;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import health.liaison.console.api.SchedulingApi.Appointment;
import health.liaison.console.api.SchedulingApi.FlowStep;
import health.liaison.console.web.Formats;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Today page's view model: a clinic's day (on its own clock) by provider, each row with the patient's name,
 * the type, the status, where the patient is in the visit, the waits so far and the steps that can be pressed.
 */
@Component
class DaySheet {

    private final SchedulingApi scheduling;
    private final RecordsApi records;
    private final Clock clock = Clock.systemUTC();

    DaySheet(SchedulingApi scheduling, RecordsApi records) {
        this.scheduling = scheduling;
        this.records = records;
    }

    record Row(String appointmentId, Instant start, String patientId, String patientName, String typeName,
               String status, String stage, Long waitingMinutes, Long roomedMinutes, Long visitMinutes, List<String> steps) {
    }

    record ProviderDay(String providerId, String providerName, List<Row> rows) {
    }

    record View(SchedulingApi.Clinic clinic, LocalDate date, List<ProviderDay> providers, int appointments) {
        String zoneId() {
            return clinic.zoneId();
        }
    }

    /** The sheet of a clinic's day; without a date, today on the clinic's own clock. */
    View build(String locationId, LocalDate asked) {
        SchedulingApi.Clinic clinic = scheduling.clinic(locationId);
        LocalDate date = asked != null ? asked : LocalDate.now(clock.withZone(ZoneId.of(clinic.zoneId())));
        List<Appointment> day = scheduling.day(locationId, date);
        Set<String> patientIds = new LinkedHashSet<>();
        day.forEach(a -> patientIds.add(a.patientId()));
        Map<String, RecordsApi.Summary> names = records.summaries(patientIds);
        Map<String, String> providerNames = new LinkedHashMap<>();
        scheduling.providers(locationId).forEach(p -> providerNames.put(p.id(), p.name() == null ? p.id() : p.name()));
        Map<String, List<Row>> byProvider = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Appointment appointment : day) {
            String provider = appointment.providerIds().isEmpty() ? "" : appointment.providerIds().getFirst();
            RecordsApi.Summary name = names.get(appointment.patientId());
            byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(row(appointment,
                    name == null ? null : name.displayName(), now));
        }
        List<ProviderDay> providers = new ArrayList<>();
        byProvider.forEach((id, rows) -> providers.add(new ProviderDay(id, providerNames.getOrDefault(id, id), rows)));
        return new View(clinic, date, providers, day.size());
    }

    static Row row(Appointment a, String patientName, Instant now) {
        SchedulingApi.Flow flow = a.flow();
        String stage;
        List<String> steps = new ArrayList<>();
        if ("CANCELLED".equals(a.status()) || "NO_SHOW".equals(a.status()) || "HELD".equals(a.status())) {
            stage = a.status();
        } else if (flow.checkedOutAt() != null || "COMPLETED".equals(a.status())) {
            stage = "DONE";
        } else if (flow.withProviderAt() != null) {
            stage = "WITH_PROVIDER";
            steps.add(FlowStep.CHECK_OUT.path());
        } else if (flow.roomedAt() != null) {
            stage = "ROOMED";
            steps.add(FlowStep.WITH_PROVIDER.path());
        } else if (flow.checkedInAt() != null) {
            stage = "WAITING";
            steps.add(FlowStep.ROOMED.path());
        } else {
            stage = "EXPECTED";
            steps.add(FlowStep.CHECK_IN.path());
            steps.add(FlowStep.NO_SHOW.path());
        }
        Instant end = flow.checkedOutAt() != null ? flow.checkedOutAt() : now;
        Long waiting = Formats.minutes(flow.checkedInAt(), flow.roomedAt() != null ? flow.roomedAt()
                : flow.withProviderAt() != null ? flow.withProviderAt() : end);
        Long roomed = Formats.minutes(flow.roomedAt(), flow.withProviderAt() != null ? flow.withProviderAt() : end);
        Long visit = Formats.minutes(flow.withProviderAt(), end);
        String typeName = a.appointmentTypeName() == null ? a.appointmentTypeId() : a.appointmentTypeName();
        return new Row(a.id(), a.start(), a.patientId(), patientName, typeName, a.status(), stage, waiting, roomed, visit, steps);
    }
}
