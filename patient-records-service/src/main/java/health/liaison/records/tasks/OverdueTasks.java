package health.liaison.records.tasks;

import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Escalates tasks past their due time, on a timer ({@code liaison.records.task-sweep-interval}, default 30 s). Safe
 * with any number of replicas and against a racing completion: each escalation is a versioned single-document
 * transition of an OPEN task that carries {@code task.overdue} in its outbox, so exactly one of "escalate" and
 * "complete" wins and the other sees the new state.
 */
@Component
@EnableScheduling
public class OverdueTasks {

    private final MongoTemplate mongo;
    private final Tasks tasks;
    private final Clock clock;

    OverdueTasks(MongoTemplate mongo, Tasks tasks, Clock clock) {
        this.mongo = mongo;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** One pass: escalates what is overdue now; returns how many this pass escalated. */
    @Scheduled(fixedDelayString = "${liaison.records.task-sweep-interval:PT30S}", initialDelayString = "PT5S")
    public int sweep() {
        Instant now = clock.instant();
        int escalated = 0;
        // across practice groups: find the due ones by their stored fields, then act as each one's tenant
        for (Document due : mongo.getCollection(Tasks.COLLECTION).find(new Document("status", Task.OPEN)
                .append("dueAt", new Document("$lte", Date.from(now)))).limit(500)) {
            String tenant = due.getString("tenantId");
            String id = due.getString("_id");
            if (Boolean.TRUE.equals(Callers.callAs(Caller.system(tenant), () -> tasks.escalate(id, now)))) {
                escalated++;
            }
        }
        return escalated;
    }
}
