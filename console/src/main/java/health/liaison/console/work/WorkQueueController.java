package health.liaison.console.work;

import health.liaison.console.api.FollowUpApi;
import health.liaison.console.api.SchedulingApi;
import health.liaison.console.security.StaffUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * The coordinator's work queue: her own follow-up tasks, earliest due first (or, for a clinic's lead, the team's),
 * and the clinic's inquiries with the unowned ones to claim. The records service decides what each user may see.
 */
@Controller
class WorkQueueController {

    private final FollowUpApi followUp;
    private final SchedulingApi scheduling;

    WorkQueueController(FollowUpApi followUp, SchedulingApi scheduling) {
        this.followUp = followUp;
        this.scheduling = scheduling;
    }

    @GetMapping("/work")
    String queue(@RequestParam(required = false) String locationId, @RequestParam(defaultValue = "mine") String scope,
                 @RequestParam(defaultValue = "NEW") String status, Model model) {
        StaffUser user = StaffUser.current();
        String clinic = locationId != null ? locationId : user.firstLocation();
        boolean team = "team".equals(scope);
        model.addAttribute("locationId", clinic);
        model.addAttribute("clinics", user.locations());
        model.addAttribute("zoneId", clinic == null ? "UTC" : scheduling.clinic(clinic).zoneId());
        model.addAttribute("team", team);
        model.addAttribute("status", status);
        model.addAttribute("tasks", followUp.tasks(team, clinic).items());
        model.addAttribute("inquiries", followUp.inquiries(clinic, "ANY".equals(status) ? null : status, 0).items());
        model.addAttribute("now", Instant.now());
        return "work/queue";
    }

    @PostMapping("/work/tasks/{taskId}/completion")
    String complete(@PathVariable String taskId, @RequestParam(defaultValue = "false") boolean escalated,
                    @RequestParam(required = false) String locationId, @RequestParam(defaultValue = "mine") String scope,
                    RedirectAttributes redirect) {
        followUp.complete(taskId, escalated);
        redirect.addAttribute("locationId", locationId);
        redirect.addAttribute("scope", scope);
        redirect.addFlashAttribute("notice", "work.task.done");
        return "redirect:/work";
    }

    /** A follow-up task by hand, about an inquiry or a chart: due on the clinic's clock. */
    @GetMapping("/tasks/new")
    String taskForm(@RequestParam String subjectType, @RequestParam String subjectId, @RequestParam String locationId, Model model) {
        model.addAttribute("subjectType", subjectType);
        model.addAttribute("subjectId", subjectId);
        model.addAttribute("locationId", locationId);
        model.addAttribute("zoneId", scheduling.clinic(locationId).zoneId());
        model.addAttribute("idempotencyKey", UUID.randomUUID());
        return "work/task-new";
    }

    @PostMapping("/tasks")
    String createTask(@RequestParam String subjectType, @RequestParam String subjectId, @RequestParam String locationId,
                      @RequestParam String kind, @RequestParam(required = false) LocalDate dueOn,
                      @RequestParam(required = false) LocalTime dueAt, @RequestParam(required = false) String note,
                      @RequestParam UUID idempotencyKey, RedirectAttributes redirect) {
        ZoneId zone = ZoneId.of(scheduling.clinic(locationId).zoneId());
        Instant due = dueOn == null ? null : dueOn.atTime(dueAt == null ? LocalTime.of(9, 0) : dueAt).atZone(zone).toInstant();
        followUp.create(new FollowUpApi.NewTask(kind, subjectType, subjectId, due, note), idempotencyKey);
        redirect.addAttribute("locationId", locationId);
        redirect.addFlashAttribute("notice", "work.task.made");
        return "redirect:/work";
    }

    @PostMapping("/work/inquiries/{inquiryId}/claim")
    String claim(@PathVariable String inquiryId, RedirectAttributes redirect) {
        followUp.claim(inquiryId);
        redirect.addFlashAttribute("notice", "work.inquiry.claimed");
        return "redirect:/inquiries/" + inquiryId;
    }
}
