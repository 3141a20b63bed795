package health.liaison.records.audit;

import health.liaison.platform.events.records.AuditCheckpointed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Every {@code liaison.records.audit.checkpoint-interval} (1 min), each chain that grew since its newest checkpoint on
 * Kafka gets a new one at its tip, signed, after the entries since that checkpoint are walked (from the checkpointed
 * entry, whose hash must be unchanged, not from the chain's start). A chain cut or rewritten before its checkpoint is
 * not checkpointed again (that would hide it): it is logged as an error, and verification reports it. Two replicas at
 * once publish two true checkpoints, which is harmless.
 */
@Component
class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final AuditTrail trail;
    private final AuditAnchors anchors;
    private final Clock clock;

    AuditCheckpoints(AuditTrail trail, AuditAnchors anchors, Clock clock) {
        this.trail = trail;
        this.anchors = anchors;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${liaison.records.audit.checkpoint-interval:PT1M}",
            initialDelayString = "${liaison.records.audit.checkpoint-interval:PT1M}")
    void checkpointAll() {
        try {
            Map<String, AuditCheckpointed> anchored = anchors.latest();
            for (String chain : trail.chains()) {
                checkpoint(chain, anchored.get(chain));
            }
        } catch (RuntimeException e) {
            log.warn("Audit checkpoints not made this time: {}", e.getMessage());
        }
    }

    /** Checkpoints one chain if it grew since {@code last}; empty when nothing was published. */
    AuditCheckpointed checkpoint(String chain, AuditCheckpointed last) {
        AuditTrail.Verification walked = last == null ? trail.verify(chain)
                : trail.verifyFrom(chain, last.sequence(), last.headHash());
        if (!walked.intact()) {
            log.error("The audit trail of practice group {} is broken at entry {} ({}); no checkpoint until it is looked into",
                    chain, walked.firstBrokenEntry(), walked.problem());
            return null;
        }
        if (last != null && walked.entriesChecked() <= last.sequence()) {
            return null; // nothing new since the last checkpoint
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return anchors.publish(chain, walked.entriesChecked(), walked.head(), at);
    }
}
