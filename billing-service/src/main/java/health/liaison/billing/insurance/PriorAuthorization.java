package health.liaison.billing.insurance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A request to the payer to approve a procedure before it happens, and the payer's answer. */
public record PriorAuthorization(String id, String patientId, String coverageId, String locationId, String appointmentId,
                                 List<String> cptCodes, String status, String authorizationNumber, LocalDate validFrom,
                                 LocalDate validTo, List<String> approvedCptCodes, Instant requestedAt, Instant decidedAt) {

    /** Whether it allows the procedure on {@code day}: approved, in its window. */
    public boolean validOn(LocalDate day) {
        return "APPROVED".equals(status) && !day.isBefore(validFrom) && !day.isAfter(validTo);
    }

    PriorAuthorization decided(String decision, String number, LocalDate from, LocalDate to, List<String> approved, Instant at) {
        return new PriorAuthorization(id, patientId, coverageId, locationId, appointmentId, cptCodes, decision, number, from, to,
                approved, requestedAt, at);
    }
}
