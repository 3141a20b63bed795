package health.liaison.records.audit;

import health.liaison.platform.events.records.AuditCheckpointed;
import health.liaison.platform.tenancy.Callers;
import org.springframework.stereotype.Component;

/**
 * Verifying a practice group's audit trail: the hash chain walked from its first entry (an entry altered, removed or
 * inserted breaks it), then held against the chain's newest signed checkpoint on Kafka, which the database cannot
 * change: a chain that ends before the checkpointed entry had its newest entries cut, one whose entry differs there
 * was rewritten from that point.
 */
@Component
class AuditVerification {

    private final AuditTrail trail;
    private final AuditAnchors anchors;

    AuditVerification(AuditTrail trail, AuditAnchors anchors) {
        this.trail = trail;
        this.anchors = anchors;
    }

    AuditTrail.Verification verify() {
        String tenant = Callers.current().tenantId();
        AuditTrail.Verification walked = trail.verify(tenant);
        AuditCheckpointed anchor = anchors.latest().get(tenant);
        if (anchor == null || !walked.intact()) {
            return anchor == null ? walked : walked.anchoredAt(anchor.sequence(), anchor.checkpointedAt());
        }
        if (walked.entriesChecked() < anchor.sequence()) {
            return walked.cut(anchor.sequence(), anchor.checkpointedAt(), "the trail ends at entry " + walked.entriesChecked()
                    + " but its signed checkpoint of " + anchor.checkpointedAt() + " vouches for entry " + anchor.sequence()
                    + ": its newest entries were removed");
        }
        if (!anchor.headHash().equals(trail.hashOf(tenant, anchor.sequence()))) {
            return walked.cut(anchor.sequence(), anchor.checkpointedAt(), "entry " + anchor.sequence()
                    + " is not the one its signed checkpoint of " + anchor.checkpointedAt() + " vouches for: the trail was rewritten");
        }
        return walked.anchoredAt(anchor.sequence(), anchor.checkpointedAt());
    }
}
