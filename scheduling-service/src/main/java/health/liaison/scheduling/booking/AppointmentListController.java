package health.liaison.scheduling.booking;

import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** HTTP in and out for {@link AppointmentLists}: parses and checks the parameters, naming the one at fault. */
@RestController
class AppointmentListController {

    private final AppointmentLists lists;

    AppointmentListController(AppointmentLists lists) {
        this.lists = lists;
    }

    @Operation(summary = "List appointments: a clinic's day (date, in the clinic's time zone) or a span (from/to), "
            + "by provider, room, patient or status; paged, sorted by start (a patient: only their own)")
    @GetMapping("/api/scheduling/v1/appointments")
    @PreAuthorize("hasAnyRole('COORDINATOR','PROVIDER','NURSE','ADMIN','PATIENT')")
    Page<AppointmentLists.Item> list(
            @RequestParam(required = false) String locationId,
            @Parameter(description = "a clinic-local day, YYYY-MM-DD (needs locationId; not with from/to)")
            @RequestParam(required = false) String date,
            @Parameter(description = "an instant (ISO-8601, e.g. 2026-12-07T14:00:00Z): appointments starting at or after it")
            @RequestParam(required = false) String from,
            @Parameter(description = "an instant: appointments starting before it")
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String providerId,
            @RequestParam(required = false) String roomId,
            @RequestParam(required = false) String patientId,
            @Parameter(description = "repeatable: HELD, BOOKED, CANCELLED, HOLD_EXPIRED, CHECKED_IN, COMPLETED, NO_SHOW")
            @RequestParam(required = false) List<String> status,
            @Parameter(description = "0-based page") @RequestParam(required = false) Integer page,
            @Parameter(description = "page size, 1..200, default 50") @RequestParam(required = false) Integer size) {
        if (date != null && (from != null || to != null)) {
            throw ApiProblem.invalid("date", "cannot be combined with from/to");
        }
        Paging paging = Paging.of(page, size);
        return lists.list(new AppointmentLists.Query(blankToNull(locationId), date == null ? null : localDate(date),
                instant("from", from), instant("to", to), blankToNull(providerId), blankToNull(roomId),
                blankToNull(patientId), statuses(status), paging));
    }

    private static LocalDate localDate(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("date", "must be a date as YYYY-MM-DD");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(name, "must be an instant such as 2026-12-07T14:00:00Z");
        }
    }

    private static List<Appointment.Status> statuses(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().map(value -> Arrays.stream(Appointment.Status.values())
                .filter(s -> s.name().equals(value)).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("status", "must be one of " + Arrays.toString(Appointment.Status.values()))))
                .toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
