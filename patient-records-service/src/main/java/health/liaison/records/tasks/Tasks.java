package health.liaison.records.tasks;

import health.liaison.platform.events.inquiries.TaskCompleted;
import health.liaison.platform.events.inquiries.TaskDue;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.clinics.ClinicTeams;
import health.liaison.records.worklists.WorkPage;
import jakarta.annotation.PostConstruct;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Follow-up tasks: made by hand or by a rule, listed as a coordinator's own work queue (due first) or her team's
 * (the clinic's lead, or an administrator), completed, and escalated when overdue. Completion and escalation are
 * both versioned single-document transitions of an OPEN task, so when they race exactly one wins: a task is either
 * done or escalated, never both, and never lost.
 */
@Service
public class Tasks {

    static final String COLLECTION = "tasks";
    private static final String NOTE = "task-note";

    private final TenantStore<Task> tasks;
    private final ClinicTeams teams;
    private final FieldCipher cipher;
    private final MongoTemplate mongo;
    private final Clock clock;

    Tasks(TenantStores stores, ClinicTeams teams, FieldCipher cipher, MongoTemplate mongo, Clock clock) {
        this.tasks = stores.of(Task.class, COLLECTION, "task");
        this.teams = teams;
        this.cipher = cipher;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void indexes() {
        var ops = mongo.indexOps(COLLECTION);
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("ownerId", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("locationId", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("subjectId", Sort.Direction.ASC));
        ops.createIndex(new Index().on("status", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
    }

    /** A task a coordinator makes by hand about a subject she may see (checked by the caller). */
    Task create(String id, String locationId, String kind, String subjectType, String subjectId, String ownerId,
                Instant dueAt, String note) {
        Caller caller = Callers.current();
        Instant now = clock.instant();
        Task task = new Task(id, locationId, kind, subjectType, subjectId, ownerId == null ? caller.userId() : ownerId,
                dueAt, Task.OPEN, cipher.seal(note, id, NOTE), "MANUAL", now, caller.userId(), null, null, null, null);
        tasks.insert(task, List.of(due(task)), locationId);
        return task;
    }

    /**
     * A task a rule makes (new inquiry, no answer, complaint, failed message). Its id comes from its cause, so a
     * redelivered event adds nothing; {@code false} when it existed already.
     */
    public boolean createByRule(String id, String locationId, String kind, String subjectType, String subjectId,
                                String ownerId, Instant dueAt, String origin) {
        Task task = new Task(id, locationId, kind, subjectType, subjectId, ownerId, dueAt, Task.OPEN, null, origin,
                clock.instant(), Caller.SYSTEM_USER, null, null, null, null);
        try {
            tasks.insert(task, List.of(due(task)), locationId);
            return true;
        } catch (DuplicateKeyException made) {
            return false;
        }
    }

    /** Pending tasks about a subject (e.g. an inquiry's first response, to close it when the contact is logged). */
    public List<Task> pendingAbout(String subjectId) {
        return tasks.find(Criteria.where("subjectId").is(subjectId).and("status").in(Task.OPEN, Task.ESCALATED),
                Sort.by("dueAt"), 100);
    }

    Optional<Task> find(String id) {
        return tasks.find(id).map(Versioned::value);
    }

    /** A task the caller may see: another group's (or an unknown id) is 404, a clinic not hers 403. */
    Task visible(String id) {
        Task task = find(id).orElseThrow(() -> ApiProblem.notFound("task"));
        Caller caller = Callers.current();
        if (!caller.worksAt(task.locationId()) && !caller.hasRole("ADMIN")) {
            throw ApiProblem.forbidden("This task belongs to a clinic you do not work at.");
        }
        return task;
    }

    String noteOf(Task task) {
        return cipher.open(task.sealedNote(), task.id(), NOTE);
    }

    /**
     * Completes a task. An OPEN task becomes DONE; one the sweep escalated meanwhile is refused with 409 unless the
     * caller says she completes it after the escalation, so nobody believes she beat an escalation she did not.
     */
    Task complete(String id, boolean afterEscalation) {
        visible(id);
        String by = Callers.current().userId();
        Instant now = clock.instant();
        return tasks.modify(id, task -> {
            if (Task.ESCALATED.equals(task.status()) && !afterEscalation) {
                throw ApiProblem.conflict("task-escalated", "This task was escalated at " + task.escalatedAt()
                        + " before you completed it; complete it again with \"afterEscalation\": true.");
            }
            if (!task.pending()) {
                throw ApiProblem.conflict("task-closed", "This task is already " + task.status().toLowerCase() + ".");
            }
            Task done = task.done(by, now);
            return TenantStore.Change.of(done, List.of(new TaskCompleted(done.id(), done.locationId(), done.ownerId(),
                    done.kind(), done.dueAt(), now)), done.locationId());
        }).value();
    }

    /** Completes a pending task because what it asked for happened (e.g. the inquirer was contacted). */
    public void completeByRule(String id) {
        Instant now = clock.instant();
        tasks.modify(id, task -> {
            if (!task.pending()) {
                return TenantStore.Change.quietly(task);
            }
            Task done = task.done(Caller.SYSTEM_USER, now);
            return TenantStore.Change.of(done, List.of(new TaskCompleted(done.id(), done.locationId(), done.ownerId(),
                    done.kind(), done.dueAt(), now)), done.locationId());
        });
    }

    /** Cancels a pending task whose subject closed (an inquiry won or lost). */
    public void cancelByRule(String id) {
        Instant now = clock.instant();
        tasks.modify(id, task -> TenantStore.Change.quietly(task.pending() ? task.cancelled(Caller.SYSTEM_USER, now) : task));
    }

    /**
     * Escalates an OPEN task past its due time to the clinic's lead coordinator, once: a task completed or escalated
     * meanwhile (by a request, or by the sweep on another replica) is left as it is.
     *
     * @return whether this call escalated it
     */
    boolean escalate(String id, Instant now) {
        String lead = null;
        try {
            Versioned<Task> current = tasks.get(id);
            lead = teams.of(current.value().locationId()).leadCoordinatorId();
        } catch (ApiProblem gone) {
            return false;
        }
        String escalateTo = lead;
        boolean[] escalated = {false};
        tasks.modify(id, task -> {
            if (!Task.OPEN.equals(task.status()) || task.dueAt().isAfter(now)) {
                escalated[0] = false;
                return TenantStore.Change.quietly(task);
            }
            escalated[0] = true;
            Task next = task.escalated(escalateTo, now);
            return TenantStore.Change.of(next, List.of(new TaskOverdue(next.id(), next.locationId(), next.ownerId(),
                    escalateTo, next.kind(), next.dueAt(), now)), next.locationId());
        });
        return escalated[0];
    }

    /** The caller's own queue: tasks she owns or that were escalated to her, pending, earliest due first. */
    WorkPage<Task> mine(int page, int size) {
        String me = Callers.current().userId();
        Criteria criteria = new Criteria().andOperator(Criteria.where("status").in(Task.OPEN, Task.ESCALATED),
                new Criteria().orOperator(Criteria.where("ownerId").is(me), Criteria.where("escalatedTo").is(me)));
        return page(criteria, page, size);
    }

    /** A clinic's whole queue (its lead or an administrator), unowned tasks included, optionally one status. */
    WorkPage<Task> team(String locationId, String status, int page, int size) {
        Caller caller = Callers.current();
        if (!teams.leads(caller, locationId) || (!caller.worksAt(locationId) && !caller.hasRole("ADMIN"))) {
            throw ApiProblem.forbidden("Only the clinic's lead coordinator or an administrator sees the team's tasks.");
        }
        Criteria criteria = Criteria.where("locationId").is(locationId);
        criteria = status == null ? criteria.and("status").in(Task.OPEN, Task.ESCALATED) : criteria.and("status").is(status);
        return page(criteria, page, size);
    }

    private WorkPage<Task> page(Criteria criteria, int page, int size) {
        long total = tasks.count(criteria);
        List<Task> upTo = tasks.find(criteria, Sort.by("dueAt", "_id"), (page + 1) * size);
        List<Task> items = upTo.stream().skip((long) page * size).toList();
        return WorkPage.of(items, page, size, total);
    }

    private static TaskDue due(Task task) {
        return new TaskDue(task.id(), task.locationId(), task.ownerId(), task.kind(), task.subjectType(),
                task.subjectId(), task.dueAt(), task.createdAt());
    }
}
