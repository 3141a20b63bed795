package health.liaison.notifications.delivery;

import health.liaison.notifications.patients.KnownPatients;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** What was planned, sent or failed: a patient's messages, and the failed ones a coordinator must follow up. */
@RestController
class MessagesController {

    private final Messages messages;
    private final KnownPatients patients;

    MessagesController(Messages messages, KnownPatients patients) {
        this.messages = messages;
        this.patients = patients;
    }

    @Operation(summary = "Messages planned, sent or failed for a patient, oldest first; paged (page from 0, size up to 200)")
    @GetMapping("/api/notifications/v1/patients/{patientId}/messages")
    Page<MessageView> forPatient(@PathVariable String patientId, @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        var caller = Callers.current();
        if (caller.hasRole("PATIENT") && !patientId.equals(caller.patientId())) {
            throw ApiProblem.notFound("patient");
        }
        Page<MessageView> held = messages.forPatient(patientId, paging).map(MessageView::of);
        // a patient of the group with no messages yet has an empty list; an id the group does not have is 404
        if (held.totalItems() == 0 && !patients.exists(patientId)) {
            throw ApiProblem.notFound("patient");
        }
        return held;
    }

    @Operation(summary = "Messages that could not be sent or delivered at a clinic, newest first: the coordinator follows up")
    @GetMapping("/api/notifications/v1/failed-messages")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    List<MessageView> failed(@RequestParam String locationId, @RequestParam(defaultValue = "50") int limit) {
        if (!Callers.current().worksAt(locationId) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("You do not work at this clinic.");
        }
        if (limit < 1 || limit > 200) {
            throw ApiProblem.invalid("limit", "must be between 1 and 200");
        }
        return messages.failed(locationId, limit).stream().map(MessageView::of).toList();
    }

    /** A message as coordinators see it: no address and no text, those live in records and the templates. */
    record MessageView(String id, String patientId, String locationId, String appointmentId, String kind, String channel,
                       String status, Instant dueAt, Instant sentAt, int attempts, String failureReason,
                       String language, String sourceEventId, Instant createdAt, String answer, Instant answeredAt) {
        static MessageView of(Message m) {
            return new MessageView(m.id(), m.patientId(), m.locationId(), m.appointmentId(), m.kind(), m.channel().name(),
                    m.status().name(), m.dueAt(), m.sentAt(), m.attempts(), m.failureReason(), m.language(),
                    m.sourceEventId(), m.createdAt(), m.answer(), m.answeredAt());
        }
    }
}
