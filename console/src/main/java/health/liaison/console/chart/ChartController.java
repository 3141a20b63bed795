package health.liaison.console.chart;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDateTime;
import java.time.ZoneId;

/** The patient chart: demographics, consents, appointments (cancel, reschedule), quotes; break-glass when refused. */
@Controller
class ChartController {

    private final ChartView charts;
    private final RecordsApi records;
    private final SchedulingApi scheduling;

    ChartController(ChartView charts, RecordsApi records, SchedulingApi scheduling) {
        this.charts = charts;
        this.records = records;
        this.scheduling = scheduling;
    }

    @GetMapping("/patients/{patientId}")
    String chart(@PathVariable String patientId, Model model) {
        return charts.open(patientId).map(chart -> {
            model.addAttribute("chart", chart);
            return "chart/chart";
        }).orElseGet(() -> {
            model.addAttribute("patientId", patientId);
            return "chart/break-glass";
        });
    }

    @PostMapping("/patients/{patientId}/break-glass")
    String breakGlass(@PathVariable String patientId, @RequestParam String reason) {
        records.breakGlass(patientId, reason);
        return "redirect:/patients/" + patientId;
    }

    @PostMapping("/patients/{patientId}/appointments/{appointmentId}/cancellation")
    String cancel(@PathVariable String patientId, @PathVariable String appointmentId, @RequestParam String reasonCode) {
        scheduling.cancel(appointmentId, reasonCode);
        return "redirect:/patients/" + patientId;
    }

    /** The new time is entered on the clinic's clock. */
    @PostMapping("/patients/{patientId}/appointments/{appointmentId}/reschedule")
    String reschedule(@PathVariable String patientId, @PathVariable String appointmentId, @RequestParam LocalDateTime start,
                      @RequestParam String locationId) {
        scheduling.reschedule(appointmentId, start.atZone(ZoneId.of(scheduling.clinic(locationId).zoneId())).toInstant());
        return "redirect:/patients/" + patientId;
    }
}
