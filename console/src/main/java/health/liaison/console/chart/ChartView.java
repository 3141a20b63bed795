package health.liaison.console.chart;

import health.liaison.console.api.BillingApi;
import health.liaison.console.api.GatewayProblem;
import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import health.liaison.console.security.StaffUser;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patient chart's view model. Opening it is the records service's decision: a chart of a clinic the user does
 * not work at answers 403 until a break-glass grant exists, and the page then offers the reason form.
 */
@Component
class ChartView {

    private final RecordsApi records;
    private final SchedulingApi scheduling;
    private final BillingApi billing;

    ChartView(RecordsApi records, SchedulingApi scheduling, BillingApi billing) {
        this.records = records;
        this.scheduling = scheduling;
        this.billing = billing;
    }

    record Chart(RecordsApi.Patient patient, List<RecordsApi.Consent> consents, List<SchedulingApi.Appointment> appointments,
                 Map<String, String> zones, List<BillingApi.Quote> quotes) {
    }

    /** The chart, or empty when the records service refuses it as another clinic's (break-glass needed). */
    Optional<Chart> open(String patientId) {
        RecordsApi.Patient patient;
        try {
            patient = records.patient(patientId);
        } catch (GatewayProblem problem) {
            // the service has no problem type of its own for this refusal (yet): its detail names the reason
            if (problem.status() == 403 && problem.detail() != null && problem.detail().contains("clinic you do not work at")) {
                return Optional.empty();
            }
            throw problem;
        }
        StaffUser user = StaffUser.current();
        List<RecordsApi.Consent> consents = user.hasAnyRole("COORDINATOR", "PROVIDER", "NURSE", "ADMIN")
                ? records.consents(patientId) : List.of();
        List<SchedulingApi.Appointment> appointments = user.frontDesk() ? scheduling.ofPatient(patientId) : List.of();
        Map<String, String> zones = new java.util.HashMap<>();
        appointments.stream().map(SchedulingApi.Appointment::locationId).distinct()
                .forEach(location -> zones.put(location, scheduling.clinic(location).zoneId()));
        List<BillingApi.Quote> quotes = user.billing() ? billing.quotesOf(patientId) : List.of();
        return Optional.of(new Chart(patient, consents, appointments, zones, quotes));
    }
}
