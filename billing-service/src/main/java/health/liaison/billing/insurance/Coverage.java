package health.liaison.billing.insurance;

import java.time.Instant;

/**
 * A patient's insurance: payer, plan, group, the member id (sealed, with its last four digits and a blind index
 * for lookup) and the subscriber (sealed: name, date of birth, address — a claim needs them), plus the latest
 * eligibility answer.
 */
public record Coverage(String id, String patientId, String payerId, String payerName, String planName, String groupNumber,
                       String relation, String sealedMemberId, String memberIdLast4, String memberIndex,
                       String sealedSubscriber, Transactions.Eligibility eligibility, Instant eligibilityCheckedAt,
                       Instant createdAt) {
}
