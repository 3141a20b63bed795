package health.liaison.scheduling.booking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Frees claims nothing stands behind: a booking (or block) whose process died between claiming its calendars and
 * writing the appointment leaves claims no appointment holds. Each claim carries its appointment id and when it was
 * made; once it is older than {@code grace} (far longer than a booking takes) and younger than {@code grace} plus a
 * window, the appointment's own state decides: a claim whose appointment (or block) does not exist, no longer holds
 * resources, or holds another claim (it moved) is released on every day. Safe on every replica: a release is a
 * {@code $pull} by claim id, and doing it twice changes nothing.
 */
@Component
class ClaimSweeper {

    private static final Logger log = LoggerFactory.getLogger(ClaimSweeper.class);
    private static final Set<String> HOLDING = Set.of("HELD", "BOOKED", "CHECKED_IN");

    private final MongoCollection<Document> days;
    private final MongoCollection<Document> appointments;
    private final MongoCollection<Document> blocks;
    private final ResourceCalendars calendars;
    private final Clock clock;
    private final Duration grace;
    private final Duration window;

    ClaimSweeper(MongoTemplate mongo, ResourceCalendars calendars, Clock clock,
                 @Value("${liaison.scheduling.claim-grace:PT5M}") Duration grace,
                 @Value("${liaison.scheduling.claim-sweep-window:PT1H}") Duration window) {
        this.days = mongo.getCollection(ResourceCalendars.COLLECTION);
        this.appointments = mongo.getCollection("appointments");
        this.blocks = mongo.getCollection("resource_blocks");
        this.calendars = calendars;
        this.clock = clock;
        this.grace = grace;
        this.window = window;
        days.createIndex(new Document("busy.claimedAt", 1), new IndexOptions().name("claimed_at"));
    }

    @Scheduled(fixedDelayString = "${liaison.scheduling.claim-sweep-interval:PT5M}",
            initialDelayString = "${liaison.scheduling.claim-sweep-initial-delay:PT1M}")
    void freeClaimsNothingHolds() {
        Instant settled = clock.instant().minus(grace);
        Document recent = new Document("claimedAt", new Document("$lt", Date.from(settled))
                .append("$gte", Date.from(settled.minus(window))));
        for (Document day : days.find(new Document("busy", new Document("$elemMatch", recent))).limit(1000)) {
            String tenant = day.getString("tenantId");
            String resource = day.getString("resourceId");
            for (Document claim : day.getList("busy", Document.class, List.of())) {
                Date claimedAt = claim.getDate("claimedAt");
                if (claimedAt == null || !claimedAt.toInstant().isBefore(settled) || held(tenant, claim)) {
                    continue;
                }
                Interval interval = new Interval(claim.getDate("start").toInstant(), claim.getDate("end").toInstant());
                Callers.runAs(Caller.system(tenant), () -> calendars.release(resource, claim.getString("claimId"), interval));
                log.info("Freed claim {} on {}: no appointment holds it", claim.getString("claimId"), resource);
            }
        }
    }

    private boolean held(String tenant, Document claim) {
        String owner = claim.getString("appointmentId");
        Document block = blocks.find(new Document("_id", owner).append("tenantId", tenant)).first();
        if (block != null) {
            return block.get("removedAt") == null;
        }
        Document appointment = appointments.find(new Document("_id", owner).append("tenantId", tenant)).first();
        if (appointment == null || !HOLDING.contains(appointment.getString("status"))) {
            return false;
        }
        Instant start = appointment.getDate("start").toInstant();
        return claim.getString("claimId").equals(owner + "@" + start.getEpochSecond());
    }
}
