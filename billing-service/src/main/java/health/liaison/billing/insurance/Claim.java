package health.liaison.billing.insurance;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A professional claim for a procedure: CPT lines, ICD-10 diagnoses, its control number (CLM01) and its fate. */
public record Claim(String id, String controlNumber, String patientId, String coverageId, String locationId,
                    String appointmentId, List<String> diagnosisCodes, List<Line> lines, BigDecimal total,
                    Transactions.Provider billingProvider, String status, BigDecimal paid, BigDecimal patientResponsibility,
                    Instant submittedAt, List<String> remits, Instant createdAt) {

    /**
     * One service line; {@code paid}, {@code adjusted} (payer write-offs, CO/OA/PI) and {@code patientResponsibility}
     * (PR) are what the last 835 said of this line (null until then).
     */
    public record Line(String cpt, List<String> modifiers, BigDecimal charge, int units, LocalDate serviceDate,
                       BigDecimal paid, BigDecimal adjusted, BigDecimal patientResponsibility) {
        Line remitted(BigDecimal linePaid, BigDecimal lineAdjusted, BigDecimal linePatient) {
            return new Line(cpt, modifiers, charge, units, serviceDate, linePaid, lineAdjusted, linePatient);
        }
    }

    public Claim {
        remits = remits == null ? List.of() : List.copyOf(remits);
    }

    Claim submitted(Instant at) {
        return new Claim(id, controlNumber, patientId, coverageId, locationId, appointmentId, diagnosisCodes, lines, total,
                billingProvider, "SUBMITTED", paid, patientResponsibility, at, remits, createdAt);
    }

    /** The clearinghouse's acknowledgment: a submitted claim is ACCEPTED into adjudication or REJECTED; later states stay. */
    Claim acknowledged(boolean accepted) {
        if (!"SUBMITTED".equals(status)) {
            return this;
        }
        return new Claim(id, controlNumber, patientId, coverageId, locationId, appointmentId, diagnosisCodes, lines, total,
                billingProvider, accepted ? "ACCEPTED" : "REJECTED", paid, patientResponsibility, submittedAt, remits, createdAt);
    }

    Claim remitted(String remitId, String newStatus, BigDecimal amountPaid, BigDecimal patientShare, List<Line> remittedLines) {
        List<String> next = new ArrayList<>(remits);
        next.add(remitId);
        return new Claim(id, controlNumber, patientId, coverageId, locationId, appointmentId, diagnosisCodes, remittedLines, total,
                billingProvider, newStatus, amountPaid, patientShare, submittedAt, next, createdAt);
    }
}
