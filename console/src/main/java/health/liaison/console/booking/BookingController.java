package health.liaison.console.booking;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import health.liaison.console.security.StaffUser;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Find and book: search by name (in a POST body, never in a URL), register with the duplicate warning, the
 * availability of a type with a provider (and room), book a free time.
 */
@Controller
class BookingController {

    private final PatientFinder finder;
    private final RecordsApi records;
    private final SchedulingApi scheduling;

    BookingController(PatientFinder finder, RecordsApi records, SchedulingApi scheduling) {
        this.finder = finder;
        this.records = records;
        this.scheduling = scheduling;
    }

    @GetMapping("/patients")
    String page(Model model) {
        model.addAttribute("registrationKey", UUID.randomUUID());
        model.addAttribute("locations", StaffUser.current().locations());
        return "booking/patients";
    }

    @PostMapping("/patients/search")
    String search(@RequestParam String name, Model model) {
        model.addAttribute("found", finder.search(name));
        return "booking/patients :: results";
    }

    @PostMapping("/patients")
    String register(@RequestParam String locationId, @RequestParam String firstName, @RequestParam String lastName,
                    @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateOfBirth,
                    @RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                    @RequestParam UUID registrationKey, RedirectAttributes redirect) {
        RecordsApi.Patient patient = records.register(new RecordsApi.Registration(locationId, firstName, lastName, dateOfBirth,
                blankToNull(email), blankToNull(phone)), registrationKey);
        redirect.addFlashAttribute("registered", true);
        redirect.addFlashAttribute("duplicates", patient.possibleDuplicates());
        return "redirect:/patients/" + patient.id() + "/book";
    }

    @GetMapping("/patients/{patientId}/book")
    String availability(@PathVariable String patientId, @RequestParam(required = false) String locationId,
                        @RequestParam(required = false) String typeId, @RequestParam(required = false) String providerId,
                        @RequestParam(required = false) String roomId,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from, Model model) {
        model.addAttribute("booking", finder.availability(patientId, locationId, typeId, providerId, roomId, from));
        return "booking/book";
    }

    @PostMapping("/patients/{patientId}/appointments")
    String book(@PathVariable String patientId, @RequestParam String locationId, @RequestParam String typeId,
                @RequestParam String providerId, @RequestParam(required = false) String roomId, @RequestParam Instant start,
                @RequestParam UUID bookingKey, RedirectAttributes redirect) {
        SchedulingApi.Appointment booked = scheduling.book(new SchedulingApi.Booking(patientId, locationId, typeId,
                List.of(providerId), roomId == null || roomId.isBlank() ? List.of() : List.of(roomId), start), bookingKey);
        ZoneId zone = ZoneId.of(scheduling.clinic(locationId).zoneId());
        redirect.addFlashAttribute("notice", "book.booked");
        return "redirect:/today?locationId=" + locationId + "&date=" + booked.start().atZone(zone).toLocalDate();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
