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
 * Kafka gets a new one at its tip, signed. A chain found shorter than its checkpoint is not checkpointed again (that
 * would hide the cut): it is logged as an error, and verification reports it. Two replicas at once publish two true
 * checkpoints, which is harmless.
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
        AuditTrail.Verification walked = trail.verify(chain);
        if (!walked.intact()) {
            log.error("The audit trail of practice group {} is broken at entry {}; no checkpoint until it is looked into",
                    chain, walked.firstBrokenEntry());
            return null;
        }
        if (last != null && walked.entriesChecked() <= last.sequence()) {
            if (walked.entriesChecked() < last.sequence()) {
                log.error("The audit trail of practice group {} ends at entry {} but its checkpoint vouches for entry {}: "
                        + "entries were removed", chain, walked.entriesChecked(), last.sequence());
            }
            return null;
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return anchors.publish(chain, walked.entriesChecked(), walked.head(), at);
    }
}
