package health.liaison.records.inquiries;

import java.time.Instant;

/**
 * One contact with the inquirer: INBOUND (they reached us: how, with their sealed message) or OUTBOUND (a staff
 * attempt: channel, outcome, attempt number, sealed note).
 */
public record ContactLog(Instant at, String direction, String channel, String outcome, Integer attempt,
                         String sealedText, String byUserId) {

    static final String INBOUND = "INBOUND";
    static final String OUTBOUND = "OUTBOUND";
}
