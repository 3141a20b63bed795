package health.liaison.scheduling.booking;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * When each provider, room and piece of equipment is busy: one document per resource holding its busy intervals.
 * A claim is ONE conditional single-document update — "push this interval unless an overlapping one is there" —
 * so of any number of concurrent overlapping claims, in any clinic, exactly one succeeds, with no transaction and no
 * lock. A resource's first claim creates its document (upsert); a concurrent first claim that loses the race on
 * the unique _id is a conflict too, exactly as if the interval had been there.
 */
@Component
class ResourceCalendars {

    static final String COLLECTION = "resource_calendars";
    private final MongoCollection<Document> calendars;

    ResourceCalendars(MongoTemplate mongo) {
        this.calendars = mongo.getCollection(COLLECTION);
    }

    /**
     * @param claimId one claim of the appointment (its id and start): a reschedule holds the new claim and the old
     *                one side by side until it releases the old
     * @return true if the resource was free for the whole interval (apart from the appointment's own claims) and is
     *         now held
     */
    boolean claim(String resourceId, String appointmentId, String claimId, Interval interval) {
        String tenant = Callers.current().tenantId();
        Document free = new Document("_id", key(tenant, resourceId))
                .append("busy", new Document("$not", new Document("$elemMatch", new Document("start", new Document("$lt", Date.from(interval.end())))
                        .append("end", new Document("$gt", Date.from(interval.start())))
                                // a retried booking (same appointment) may re-claim what it already holds
                                .append("appointmentId", new Document("$ne", appointmentId)))));
        Document hold = new Document("$push", new Document("busy", new Document("appointmentId", appointmentId)
                .append("claimId", claimId)
                .append("start", Date.from(interval.start())).append("end", Date.from(interval.end()))))
                .append("$setOnInsert", new Document("tenantId", tenant).append("resourceId", resourceId));
        try {
            UpdateResult result = calendars.updateOne(free, hold, new UpdateOptions().upsert(true));
            return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Frees one claim on the resource; doing it twice changes nothing. */
    void release(String resourceId, String claimId) {
        calendars.updateOne(new Document("_id", key(Callers.current().tenantId(), resourceId)),
                new Document("$pull", new Document("busy", new Document("claimId", claimId))));
    }

    private static String key(String tenant, String resourceId) {
        return tenant + "|" + resourceId;
    }
}
