package health.liaison.records.audit;

import java.time.Instant;

/**
 * One line of the audit trail: who did what to which patient's chart, when and from where, and whether it was
 * allowed. {@code hash} chains it to the entry before ({@code previousHash}) so a change or removal shows.
 */
public record AuditEntry(long sequence, Instant at, String userId, String roles, String patientId, String action,
                         String outcome, String detail, String sourceAddress, String requestId, String previousHash,
                         String hash) {
}
