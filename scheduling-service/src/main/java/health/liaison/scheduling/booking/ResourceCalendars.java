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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * When each provider, room and piece of equipment is busy: one document per resource and UTC day
 * ({@code <tenant>|<resource>|<yyyy-MM-dd>}) holding the busy intervals that have time in that day. An interval
 * spanning several days is kept whole in each of them, so two overlapping intervals always meet in one document
 * (the day their overlap begins) and a claim touches only the days it covers: past days are never read by a
 * booking, and no document grows with the years. Every read and write goes by {@code _id} (the days of an interval or
 * a window are known), the one index every server uses.
 * <p>
 * A claim is one conditional single-document update per day — "push this interval unless an overlapping one is
 * there" — made day by day in ascending order; if a later day is taken, the days already claimed are released
 * before the caller hears of the conflict. Of any number of concurrent overlapping claims, exactly one succeeds,
 * with no transaction and no lock. A day's first claim creates its document (upsert); a concurrent first claim that
 * loses the race on the unique _id tries once more against the document that now exists, where only a real overlap
 * refuses it.
 */
@Component
public class ResourceCalendars {

    static final String COLLECTION = "resource_calendar_days";
    private final MongoCollection<Document> calendars;
    private final Clock clock;

    ResourceCalendars(MongoTemplate mongo, Clock clock) {
        this.calendars = mongo.getCollection(COLLECTION);
        this.clock = clock;
        // the calendars kept as one document per resource by earlier versions are split before anything books
        new CalendarMigration(mongo, "replica-" + UUID.randomUUID(), Duration.ofMinutes(2), clock).migrate();
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
                         Collection<String> exempt, String reservedFor) {
        String tenant = Callers.current().tenantId();
        Document entry = entry(appointmentId, claimId, interval.start(), interval.end(), reservedFor)
                // when: a claim no appointment came to hold is freed by the ClaimSweeper after a grace period
                .append("claimedAt", Date.from(clock.instant()));
        List<LocalDate> claimed = new ArrayList<>();
        for (LocalDate day : interval.utcDays()) {
            if (!claimDay(tenant, resourceId, day, appointmentId, interval, exempt, entry)) {
                if (!claimed.isEmpty()) {
                    release(resourceId, claimId, new Interval(interval.start(), claimed.getLast().plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant()));
                }
                return false;
            }
            claimed.add(day);
        }
        return true;
    }

    private boolean claimDay(String tenant, String resourceId, LocalDate day, String appointmentId, Interval interval,
                             Collection<String> exempt, Document entry) {
        Document overlapping = new Document("start", new Document("$lt", Date.from(interval.end())))
                .append("end", new Document("$gt", Date.from(interval.start())))
                // a retried booking (same appointment) may re-claim what it already holds
                .append("appointmentId", new Document("$ne", appointmentId));
        if (!exempt.isEmpty()) {
            overlapping.append("reservedFor", new Document("$nin", List.copyOf(exempt)));
        }
        Document free = new Document("_id", key(tenant, resourceId, day))
                .append("busy", new Document("$not", new Document("$elemMatch", overlapping)));
        Document hold = new Document("$push", new Document("busy", entry))
                .append("$setOnInsert", dayFields(tenant, resourceId, day));
        for (int attempt = 0; ; attempt++) {
            try {
                UpdateResult result = calendars.updateOne(free, hold, new UpdateOptions().upsert(true));
                return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // the day's document exists (a concurrent first claim made it, or an overlap kept the filter from
                // matching): once more, it decides by its contents alone; a second duplicate key is an overlap
                if (attempt > 0) {
                    return false;
                }
            }
        }
    }

    /** Frees one claim on the resource, on every day of its interval; doing it twice changes nothing. */
    public void release(String resourceId, String claimId, Interval interval) {
        String tenant = Callers.current().tenantId();
        List<String> keys = interval.utcDays().stream().map(day -> key(tenant, resourceId, day)).toList();
        calendars.updateMany(new Document("_id", new Document("$in", keys)),
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
    public List<Instant[]> busy(List<String> resourceIds, Instant from, Instant to, Collection<String> exempt) {
        List<Instant[]> busy = new ArrayList<>();
        busyByResource(resourceIds, from, to, exempt).values().forEach(busy::addAll);
        return busy;
    }

    /** Reads only the days of [from, to); an interval kept in several of them is counted once. */
    public Map<String, List<Instant[]>> busyByResource(List<String> resourceIds, Instant from, Instant to,
                                                      Collection<String> exempt) {
        Map<String, List<Instant[]>> busy = new HashMap<>();
        if (resourceIds.isEmpty() || !to.isAfter(from)) {
            return busy;
        }
        String tenant = Callers.current().tenantId();
        // by _id, resource by resource and day by day: the one index every server uses for a lookup
        List<String> keys = new ArrayList<>();
        for (String resource : new HashSet<>(resourceIds)) {
            for (LocalDate day : new Interval(from, to).utcDays()) {
                keys.add(key(tenant, resource, day));
            }
        }
        Document window = new Document("_id", new Document("$in", keys)).append("tenantId", tenant);
        Set<String> seen = new HashSet<>();
        for (Document calendar : calendars.find(window)) {
            String resource = calendar.getString("resourceId");
            List<Instant[]> intervals = busy.computeIfAbsent(resource, r -> new ArrayList<>());
            for (Document interval : calendar.getList("busy", Document.class, List.of())) {
                if (interval.getString("reservedFor") != null && exempt.contains(interval.getString("reservedFor"))) {
                    continue;
                }
                Instant start = interval.getDate("start").toInstant();
                Instant end = interval.getDate("end").toInstant();
                if (start.isBefore(to) && from.isBefore(end)
                        && seen.add(resource + "|" + interval.getString("claimId") + "|" + start + "|" + end)) {
                    intervals.add(new Instant[]{start, end});
                }
            }
        }
        return busy;
    }

    /** One busy interval as stored, the same for a claim and for a migrated one (so copying it twice adds it once). */
    static Document entry(String appointmentId, String claimId, Instant start, Instant end, String reservedFor) {
        Document entry = new Document("appointmentId", appointmentId).append("claimId", claimId)
                .append("start", Date.from(start)).append("end", Date.from(end));
        if (reservedFor != null) {
            entry.append("reservedFor", reservedFor);
        }
        return entry;
    }

    static Document dayFields(String tenant, String resourceId, LocalDate day) {
        return new Document("tenantId", tenant).append("resourceId", resourceId).append("day", day.toString());
    }

    static String key(String tenant, String resourceId, LocalDate day) {
        return tenant + "|" + resourceId + "|" + day;
    }
}
