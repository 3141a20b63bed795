package health.liaison.console.chart;

import health.liaison.console.api.ChartAuditApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Who opened a chart: the records service decides who may read it (administrators), the page shows its answer. */
@Controller
class ChartAuditController {

    private final ChartAuditApi audit;

    ChartAuditController(ChartAuditApi audit) {
        this.audit = audit;
    }

    @GetMapping("/patients/{patientId}/audit")
    String audit(@PathVariable String patientId, Model model) {
        model.addAttribute("entries", audit.of(patientId));
        model.addAttribute("patientId", patientId);
        return "chart/audit";
    }
}
