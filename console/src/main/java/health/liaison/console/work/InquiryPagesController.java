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

import java.util.UUID;

/**
 * One inquiry: who asked and every contact, logging a call back, losing it with a reason, converting it into a chart
 * (then booking its consultation); and taking in a new phone or walk-in inquiry.
 */
@Controller
class InquiryPagesController {

    private final FollowUpApi followUp;
    private final SchedulingApi scheduling;

    InquiryPagesController(FollowUpApi followUp, SchedulingApi scheduling) {
        this.followUp = followUp;
        this.scheduling = scheduling;
    }

    @GetMapping("/inquiries/new")
    String form(@RequestParam(required = false) String locationId, Model model) {
        StaffUser user = StaffUser.current();
        model.addAttribute("locationId", locationId != null ? locationId : user.firstLocation());
        model.addAttribute("clinics", user.locations());
        model.addAttribute("idempotencyKey", UUID.randomUUID());
        return "work/inquiry-new";
    }

    @PostMapping("/inquiries")
    String receive(@RequestParam String locationId, @RequestParam String source, @RequestParam(required = false) String interest,
                   @RequestParam(required = false) String name, @RequestParam(required = false) String email,
                   @RequestParam(required = false) String phone, @RequestParam(required = false) String preferredLanguage,
                   @RequestParam(required = false) String preferredChannel, @RequestParam(required = false) String message,
                   @RequestParam UUID idempotencyKey, RedirectAttributes redirect) {
        FollowUpApi.Created created = followUp.receive(new FollowUpApi.NewInquiry(locationId, source, blankToNull(interest),
                blankToNull(name), blankToNull(email), blankToNull(phone), blankToNull(preferredLanguage),
                blankToNull(preferredChannel), blankToNull(message)), idempotencyKey);
        redirect.addFlashAttribute("notice", created.newInquiry() ? "inquiry.received" : "inquiry.same-person");
        return "redirect:/inquiries/" + created.id();
    }

    @GetMapping("/inquiries/{inquiryId}")
    String inquiry(@PathVariable String inquiryId, Model model) {
        FollowUpApi.Inquiry inquiry = followUp.inquiry(inquiryId);
        model.addAttribute("inquiry", inquiry);
        model.addAttribute("zoneId", scheduling.clinic(inquiry.locationId()).zoneId());
        return "work/inquiry";
    }

    @PostMapping("/inquiries/{inquiryId}/contact-attempts")
    String attempt(@PathVariable String inquiryId, @RequestParam String channel, @RequestParam String outcome,
                   @RequestParam(required = false) String note, RedirectAttributes redirect) {
        followUp.logAttempt(inquiryId, channel, outcome, note);
        redirect.addFlashAttribute("notice", "inquiry.attempt-logged");
        return "redirect:/inquiries/" + inquiryId;
    }

    @PostMapping("/inquiries/{inquiryId}/loss")
    String lose(@PathVariable String inquiryId, @RequestParam String reason, @RequestParam(required = false) String note,
                RedirectAttributes redirect) {
        followUp.markLost(inquiryId, reason, note);
        redirect.addFlashAttribute("notice", "inquiry.lost");
        return "redirect:/inquiries/" + inquiryId;
    }

    /** The chart opened or linked: on to booking the consultation, which the inquiry then follows by itself. */
    @PostMapping("/inquiries/{inquiryId}/conversion")
    String convert(@PathVariable String inquiryId, @RequestParam(required = false) String firstName,
                   @RequestParam(required = false) String lastName, @RequestParam(required = false) String dateOfBirth) {
        String patientId = followUp.convert(inquiryId, new FollowUpApi.Conversion(firstName, lastName, dateOfBirth));
        return "redirect:/patients/" + patientId + "/book";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
