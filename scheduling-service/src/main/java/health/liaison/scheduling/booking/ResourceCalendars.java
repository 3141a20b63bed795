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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each provider, room and piece of equipment is busy: one document per resource holding its busy intervals.
 * A claim is ONE conditional single-document update — "push this interval unless an overlapping one is there" —
 * so of any number of concurrent overlapping claims, in any clinic, exactly one succeeds, with no transaction and no
 * lock. A resource's first claim creates its document (upsert); a concurrent first claim that loses the race on
 * the unique _id is a conflict too, exactly as if the interval had been there.
 */
@Component
public class ResourceCalendars {

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
        return claim(resourceId, appointmentId, claimId, interval, List.of(), null);
    }

    /**
     * @param exempt    providers for whom time reserved on this resource (an OR block reserved for a surgeon) is
     *                  not a conflict
     * @param reservedFor for a block: the provider who may still use the resource during it, or null
     */
    public boolean claim(String resourceId, String appointmentId, String claimId, Interval interval,
                         java.util.Collection<String> exempt, String reservedFor) {
        String tenant = Callers.current().tenantId();
        Document overlapping = new Document("start", new Document("$lt", Date.from(interval.end())))
                .append("end", new Document("$gt", Date.from(interval.start())))
                // a retried booking (same appointment) may re-claim what it already holds
                .append("appointmentId", new Document("$ne", appointmentId));
        if (!exempt.isEmpty()) {
            overlapping.append("reservedFor", new Document("$nin", List.copyOf(exempt)));
        }
        Document free = new Document("_id", key(tenant, resourceId))
                .append("busy", new Document("$not", new Document("$elemMatch", overlapping)));
        Document entry = new Document("appointmentId", appointmentId).append("claimId", claimId)
                .append("start", Date.from(interval.start())).append("end", Date.from(interval.end()));
        if (reservedFor != null) {
            entry.append("reservedFor", reservedFor);
        }
        Document hold = new Document("$push", new Document("busy", entry))
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
    public void release(String resourceId, String claimId) {
        calendars.updateOne(new Document("_id", key(Callers.current().tenantId(), resourceId)),
                new Document("$pull", new Document("busy", new Document("claimId", claimId))));
    }

    /** The busy intervals of the given resources that touch [from, to), in the caller's practice group. */
    public List<Instant[]> busy(List<String> resourceIds, Instant from, Instant to) {
        List<Instant[]> busy = new ArrayList<>();
        busyByResource(resourceIds, from, to).values().forEach(busy::addAll);
        return busy;
    }

    /** The same, resource by resource, in one read. */
    public Map<String, List<Instant[]>> busyByResource(List<String> resourceIds, Instant from, Instant to) {
        return busyByResource(resourceIds, from, to, List.of());
    }

    /** The same, leaving out time reserved for any of {@code exempt} (e.g. a surgeon's own OR block). */
    public List<Instant[]> busy(List<String> resourceIds, Instant from, Instant to, java.util.Collection<String> exempt) {
        List<Instant[]> busy = new ArrayList<>();
        busyByResource(resourceIds, from, to, exempt).values().forEach(busy::addAll);
        return busy;
    }

    public Map<String, List<Instant[]>> busyByResource(List<String> resourceIds, Instant from, Instant to,
                                                      java.util.Collection<String> exempt) {
        String tenant = Callers.current().tenantId();
        Map<String, List<Instant[]>> busy = new HashMap<>();
        List<String> keys = resourceIds.stream().map(r -> key(tenant, r)).toList();
        for (Document calendar : calendars.find(new Document("_id", new Document("$in", keys)).append("tenantId", tenant))) {
            List<Instant[]> intervals = busy.computeIfAbsent(calendar.getString("resourceId"), r -> new ArrayList<>());
            for (Document interval : calendar.getList("busy", Document.class, List.of())) {
                if (interval.getString("reservedFor") != null && exempt.contains(interval.getString("reservedFor"))) {
                    continue;
                }
                Instant start = interval.getDate("start").toInstant();
                Instant end = interval.getDate("end").toInstant();
                if (start.isBefore(to) && from.isBefore(end)) {
                    intervals.add(new Instant[]{start, end});
                }
            }
        }
        return busy;
    }

    private static String key(String tenant, String resourceId) {
        return tenant + "|" + resourceId;
    }
}
