package health.liaison.records.tasks;

import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.records.worklists.WorkPage;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/** Follow-up tasks: make one, a coordinator's own queue, a clinic's team queue, read, complete. */
@RestController
@RequestMapping("/api/records/v1/tasks")
@PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
class TasksController {

    private final Tasks tasks;
    private final TaskSubjects subjects;
    private final IdempotentRequests idempotency;
    private final JsonMapper json;
    private final Clock clock;

    TasksController(Tasks tasks, TaskSubjects subjects, IdempotentRequests idempotency, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.tasks = tasks;
        this.subjects = subjects;
        this.idempotency = idempotency;
        this.json = json;
    }

    record NewTask(@NotBlank @Pattern(regexp = "CALL_BACK|SEND_PRICE_LIST|CHASE_CLEARANCE|FOLLOW_UP|OTHER",
            message = "must be CALL_BACK, SEND_PRICE_LIST, CHASE_CLEARANCE, FOLLOW_UP or OTHER") String kind,
                   @NotBlank @Pattern(regexp = "INQUIRY|PATIENT", message = "must be INQUIRY or PATIENT") String subjectType,
                   @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String subjectId,
                   @Pattern(regexp = "[A-Za-z0-9@._-]{1,100}") String ownerId,
                   @NotNull Instant dueAt,
                   @Size(max = 2000) String note) {
        @Override
        public String toString() {
            return "NewTask[" + kind + "]";
        }
    }

    record TaskView(String id, String locationId, String kind, String subjectType, String subjectId, String ownerId,
                    Instant dueAt, boolean overdue, String status, String note, String origin, Instant createdAt,
                    String createdBy, String escalatedTo, Instant escalatedAt, Instant completedAt, String completedBy) {
    }

    @Operation(summary = "Make a follow-up task for an inquiry or a chart (honours Idempotency-Key)")
    @PostMapping
    ResponseEntity<TaskView> create(@Valid @RequestBody NewTask request,
                                    @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        String locationId = subjects.locationOf(request.subjectType(), request.subjectId());
        IdempotentRequests.Outcome outcome = idempotency.run("task", key, json.writeValueAsString(request),
                id -> tasks.create(id, locationId, request.kind(), request.subjectType(), request.subjectId(),
                        request.ownerId(), request.dueAt(), request.note()).id());
        Task task = tasks.visible(outcome.resourceId());
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/records/v1/tasks/" + task.id())).body(view(task, true));
    }

    @Operation(summary = "Tasks: your own queue (scope=mine, default) or a clinic's (scope=team, its lead or ADMIN), earliest due first")
    @GetMapping
    WorkPage<TaskView> list(@RequestParam(defaultValue = "mine") String scope, @RequestParam(required = false) String locationId,
                            @RequestParam(required = false) String status,
                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        WorkPage.check(page, size);
        if (status != null && !status.matches("OPEN|ESCALATED|DONE|CANCELLED")) {
            throw ApiProblem.invalid("status", "must be OPEN, ESCALATED, DONE or CANCELLED");
        }
        WorkPage<Task> found = switch (scope) {
            case "mine" -> tasks.mine(page, size);
            case "team" -> {
                if (locationId == null) {
                    throw ApiProblem.invalid("locationId", "is required for the team's tasks");
                }
                yield tasks.team(locationId, status, page, size);
            }
            default -> throw ApiProblem.invalid("scope", "must be mine or team");
        };
        return new WorkPage<>(found.items().stream().map(t -> view(t, false)).toList(), found.page(), found.size(),
                found.totalItems(), found.totalPages());
    }

    @Operation(summary = "One task, with its note")
    @GetMapping("/{taskId}")
    TaskView read(@PathVariable String taskId) {
        return view(tasks.visible(taskId), true);
    }

    record Completion(Boolean afterEscalation) {
    }

    @Operation(summary = "Complete a task; one escalated meanwhile needs \"afterEscalation\": true (409 otherwise)")
    @PostMapping("/{taskId}/completion")
    TaskView complete(@PathVariable String taskId, @RequestBody(required = false) Completion request) {
        return view(tasks.complete(taskId, request != null && Boolean.TRUE.equals(request.afterEscalation())), false);
    }

    private TaskView view(Task t, boolean withNote) {
        boolean overdue = t.pending() && t.dueAt().isBefore(clock.instant());
        return new TaskView(t.id(), t.locationId(), t.kind(), t.subjectType(), t.subjectId(), t.ownerId(), t.dueAt(),
                overdue, t.status(), withNote ? tasks.noteOf(t) : null, t.origin(), t.createdAt(), t.createdBy(),
                t.escalatedTo(), t.escalatedAt(), t.completedAt(), t.completedBy());
    }

}
