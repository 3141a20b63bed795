package health.liaison.records.audit;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The practice group's audit trail and its verification, for administrators only. */
@RestController
@RequestMapping("/api/records/v1/audit")
@PreAuthorize("hasRole('ADMIN')")
class AuditController {

    private final AuditTrail trail;
    private final AuditVerification verification;

    AuditController(AuditTrail trail, AuditVerification verification) {
        this.trail = trail;
        this.verification = verification;
    }

    @Operation(summary = "Audit entries of your practice group, newest first; optionally those about one patient")
    @GetMapping
    List<AuditEntry> entries(@RequestParam(required = false) String patientId,
                             @RequestParam(defaultValue = "100") int limit) {
        return trail.entries(patientId, Math.clamp(limit, 1, 1000));
    }

    @Operation(summary = "Check the audit trail's hash chain from its first entry and against its newest signed checkpoint: intact, or where it was altered or cut")
    @GetMapping("/verification")
    AuditTrail.Verification verify() {
        return verification.verify();
    }
}
