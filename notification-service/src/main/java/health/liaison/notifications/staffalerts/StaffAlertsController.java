package health.liaison.notifications.staffalerts;

import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The stock alerts a clinic's inventory staff were sent (or will be), newest first. */
@RestController
class StaffAlertsController {

    private static final java.util.Set<String> STAFF_ROLES = java.util.Set.of(InventoryAlerts.ROLE, "COORDINATOR");

    private final Messages messages;

    StaffAlertsController(Messages messages) {
        this.messages = messages;
    }

    @Operation(summary = "Alerts to a clinic's staff in a role, newest first: INVENTORY (low stock, expiry; the default) "
            + "for inventory staff, COORDINATOR (recalls that reached the clinic's patients) for coordinators; admins see both")
    @GetMapping("/api/notifications/v1/staff-alerts")
    @PreAuthorize("hasAnyRole('INVENTORY','COORDINATOR','ADMIN')")
    List<StaffAlertView> alerts(@RequestParam String locationId, @RequestParam(defaultValue = "INVENTORY") String role,
                                @RequestParam(defaultValue = "50") int limit) {
        if (!STAFF_ROLES.contains(role)) {
            throw ApiProblem.invalid("role", "must be INVENTORY or COORDINATOR");
        }
        if (!Callers.current().hasRole(role) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("These alerts are for the clinic's " + role.toLowerCase() + " staff.");
        }
        if (!Callers.current().worksAt(locationId) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("You do not work at this clinic.");
        }
        if (limit < 1 || limit > 200) {
            throw ApiProblem.invalid("limit", "must be between 1 and 200");
        }
        return messages.toStaff(locationId, role, limit).stream().map(StaffAlertView::of).toList();
    }

    /** An alert as staff see it: what it is about and whether it went; the address is the clinic's configuration. */
    record StaffAlertView(String id, String locationId, String kind, String role, String channel, String status,
                          Map<String, String> details, Instant dueAt, Instant sentAt, String failureReason,
                          Instant createdAt) {
        static StaffAlertView of(Message m) {
            return new StaffAlertView(m.id(), m.locationId(), m.kind(), m.staffRole(), m.channel().name(),
                    m.status().name(), m.details(), m.dueAt(), m.sentAt(), m.failureReason(), m.createdAt());
        }
    }
}
