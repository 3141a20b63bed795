package health.liaison.console.chart;

import health.liaison.console.api.ComplaintsApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A chart's complaints, open ones with their due dates first in sight, and a form to log a new one. */
@Controller
class ComplaintsController {

    private final ComplaintsApi complaints;

    ComplaintsController(ComplaintsApi complaints) {
        this.complaints = complaints;
    }

    @GetMapping("/patients/{patientId}/complaints")
    String complaints(@PathVariable String patientId, Model model) {
        model.addAttribute("patientId", patientId);
        model.addAttribute("complaints", complaints.of(patientId));
        return "chart/complaints";
    }

    @PostMapping("/patients/{patientId}/complaints")
    String open(@PathVariable String patientId, @RequestParam String category, @RequestParam String description) {
        complaints.open(patientId, category, description);
        return "redirect:/patients/" + patientId + "/complaints";
    }
}
