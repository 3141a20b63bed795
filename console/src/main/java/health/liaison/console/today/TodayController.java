package health.liaison.console.today;

import health.liaison.console.api.SchedulingApi;
import health.liaison.console.api.SchedulingApi.FlowStep;
import health.liaison.console.security.StaffUser;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;

/** Today: the day sheet of one of the user's clinics, refreshed every 30 s, with the visit's steps as buttons. */
@Controller
class TodayController {

    private final DaySheet sheets;
    private final SchedulingApi scheduling;

    TodayController(DaySheet sheets, SchedulingApi scheduling) {
        this.sheets = sheets;
        this.scheduling = scheduling;
    }

    @GetMapping("/today")
    String today(@RequestParam(required = false) String locationId,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, Model model) {
        fill(model, locationId, date);
        return "today/today";
    }

    /** The sheet alone: what the page's polling and the step buttons swap in. */
    @GetMapping("/today/sheet")
    String sheet(@RequestParam String locationId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, Model model) {
        fill(model, locationId, date);
        return "today/today :: sheet";
    }

    @PostMapping("/today/appointments/{appointmentId}/{step}")
    String step(@PathVariable String appointmentId, @PathVariable String step, @RequestParam String locationId,
                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, Model model) {
        scheduling.flow(appointmentId, FlowStep.ofPath(step));
        fill(model, locationId, date);
        return "today/today :: sheet";
    }

    private void fill(Model model, String locationId, LocalDate date) {
        StaffUser user = StaffUser.current();
        String clinic = locationId == null || locationId.isBlank() ? user.firstLocation() : locationId;
        model.addAttribute("sheet", sheets.build(clinic, date));
        model.addAttribute("locations", user.locations());
    }
}
