package health.liaison.scheduling.booking;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import health.liaison.platform.store.LeasedMigration;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits the calendars earlier versions kept as one document per resource ({@code resource_calendars},
 * {@code <tenant>|<resource>} with every interval ever claimed) into the per-day documents of
 * {@link ResourceCalendars}, at start-up and before anything books. Several replicas may start at once: each old
 * document is taken with a lease ({@link LeasedMigration}: one atomic findAndModify), its intervals are added to their days with
 * {@code $addToSet} (copying the same interval twice adds it once), and only then is the old document deleted, by
 * the lease's owner. A replica that dies half-way leaves its document leased; once the lease has run out another
 * replica takes it and copies it again, which changes nothing already copied. Every replica waits until no old
 * document is left, so none books against a calendar half-moved.
 */
public class CalendarMigration {

    static final String OLD_COLLECTION = "resource_calendars";
    private static final Logger log = LoggerFactory.getLogger(CalendarMigration.class);

    private final MongoCollection<Document> old;
    private final MongoCollection<Document> days;
    private final LeasedMigration migration;

    public CalendarMigration(MongoTemplate mongo, String owner, Duration lease, Clock clock) {
        this.old = mongo.getCollection(OLD_COLLECTION);
        this.days = mongo.getCollection(ResourceCalendars.COLLECTION);
        this.migration = new LeasedMigration(old, new Document(), owner, lease, clock);
    }

    /** @return how many old calendars this replica moved (others may have moved the rest) */
    public int migrate() {
        int moved = migration.drain(this::move);
        if (moved > 0) {
            log.info("Moved {} resource calendars to one document per day", moved);
        }
        return moved;
    }

    private void move(Document calendar) {
        String tenant = calendar.getString("tenantId");
        String resourceId = calendar.getString("resourceId");
        if (tenant == null || resourceId == null) {
            String[] parts = calendar.getString("_id").split("\\|", 2);
            tenant = parts[0];
            resourceId = parts.length > 1 ? parts[1] : parts[0];
        }
        Map<LocalDate, List<Document>> byDay = new TreeMap<>();
        for (Document interval : calendar.getList("busy", Document.class, List.of())) {
            Instant start = interval.getDate("start").toInstant();
            Instant end = interval.getDate("end").toInstant();
            if (!end.isAfter(start)) {
                continue;
            }
            Document entry = ResourceCalendars.entry(interval.getString("appointmentId"), interval.getString("claimId"),
                    start, end, interval.getString("reservedFor"));
            for (LocalDate day : new Interval(start, end).utcDays()) {
                byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(entry);
            }
        }
        for (Map.Entry<LocalDate, List<Document>> day : byDay.entrySet()) {
            add(tenant, resourceId, day.getKey(), day.getValue());
        }
        old.deleteOne(migration.owned(calendar.get("_id")));
    }

    private void add(String tenant, String resourceId, LocalDate day, List<Document> entries) {
        Document filter = new Document("_id", ResourceCalendars.key(tenant, resourceId, day));
        Document update = new Document("$addToSet", new Document("busy", new Document("$each", entries)))
                .append("$setOnInsert", ResourceCalendars.dayFields(tenant, resourceId, day));
        try {
            days.updateOne(filter, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // created meanwhile by another replica (a lease taken over): it exists now
            days.updateOne(filter, update);
        }
    }
}
