package health.liaison.scheduling.calendars;

import java.time.Instant;

/**
 * A provider's current calendar subscription: links name {@code feedId}, so issuing a new one (rotation) or
 * revoking makes every earlier link answer 404. Stored per practice group under the provider's id.
 */
record FeedSubscription(String id, String feedId, Instant issuedAt, String issuedBy, boolean revoked) {
}
