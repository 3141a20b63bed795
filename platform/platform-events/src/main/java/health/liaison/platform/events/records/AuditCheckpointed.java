package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.time.Instant;

/**
 * A practice group's audit chain reached entry {@code sequence} whose hash is {@code headHash}: signed by records'
 * audit signing key (Ed25519 over {@link #signedText()}, {@code keyId} naming the key of the keyset), so a chain later
 * found shorter or different than its newest checkpoint was cut or rewritten. Keyed by the group: the compacted
 * topic keeps each group's newest. Ids and hashes only.
 */
@EventType(value = "health.liaison.records.audit.checkpointed.v1", topic = Topics.RECORDS_AUDIT)
public record AuditCheckpointed(String chain, long sequence, String headHash, Instant checkpointedAt, String keyId,
                                String signature) implements DomainEvent {

    @Override
    public String subject() {
        return chain;
    }

    /** What the signature covers. */
    public String signedText() {
        return signedText(chain, sequence, headHash, checkpointedAt);
    }

    public static String signedText(String chain, long sequence, String headHash, Instant checkpointedAt) {
        return "liaison-audit-checkpoint\n" + chain + "\n" + sequence + "\n" + headHash + "\n" + checkpointedAt;
    }
}
