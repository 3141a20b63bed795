package health.liaison.records.tasks;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.notifications.CheckInAnswered;
import health.liaison.platform.events.notifications.MessageFailed;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.Phi;
import health.liaison.records.inquiries.InquiriesTestBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Follow-up tasks: queues, the overdue sweep on two replicas, completion racing escalation, rules from events. */
class TasksIT extends InquiriesTestBase {

    @Autowired
    OverdueTasks sweeper;

    String task(String subjectType, String subjectId, String owner, Instant due, String token) {
        ApiClient.Answer created = api().post("/api/records/v1/tasks", """
                {"kind":"CALL_BACK","subjectType":"%s","subjectId":"%s","ownerId":%s,"dueAt":"%s","note":"%s"}"""
                .formatted(subjectType, subjectId, q(owner), due, Phi.INQUIRY_MARKER))
                .token(token).header("Idempotency-Key", UUID.randomUUID().toString()).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String inquiry() {
        return phoneInquiry("Zephyrine Qx", "t." + UUID.randomUUID().toString().substring(0, 10) + "@phi-marker.example", null,
                miamiCoordinator);
    }

    JsonNode taskOf(String id) {
        return api().get("/api/records/v1/tasks/" + id).token(leadMiami).send().json();
    }

    @Test
    void aCoordinatorsQueueIsHersSortedByDueTimeAndTheLeadSeesTheTeams() {
        miamiDefined();
        String subject = inquiry();
        Instant now = CLOCK.instant();
        String later = task("INQUIRY", subject, "coord-miami-2", now.plus(Duration.ofDays(3)), miamiCoordinator);
        String soon = task("INQUIRY", subject, "coord-miami-2", now.plus(Duration.ofHours(2)), miamiCoordinator);
        String middle = task("INQUIRY", subject, "coord-miami-2", now.plus(Duration.ofDays(1)), miamiCoordinator);
        JsonNode mine = api().get("/api/records/v1/tasks?size=100").token(otherMiamiCoordinator).send().json();
        List<String> ids = texts(mine.get("items"), "id");
        assertThat(ids).containsSubsequence(soon, middle, later);
        List<Instant> dues = new ArrayList<>();
        mine.get("items").forEach(t -> dues.add(Instant.parse(t.get("dueAt").asString())));
        assertThat(dues).isSorted();
        assertThat(mine.get("items").get(0).get("note").isNull()).as("queues carry no notes").isTrue();
        assertThat(taskOf(soon).get("note").asString()).isEqualTo(Phi.INQUIRY_MARKER);

        JsonNode team = api().get("/api/records/v1/tasks?scope=team&locationId=aurora-miami&size=100").token(leadMiami).send().json();
        assertThat(team.get("totalItems").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(api().get("/api/records/v1/tasks?scope=team&locationId=aurora-miami").token(otherMiamiCoordinator).send().status())
                .isEqualTo(403);
        assertThat(api().get("/api/records/v1/tasks?scope=team&locationId=aurora-miami").token(admin).send().status()).isEqualTo(200);
        assertThat(api().get("/api/records/v1/tasks").token(miamiNurse).send().status()).isEqualTo(403);
        assertThat(api().get("/api/records/v1/tasks?size=500").token(miamiCoordinator).send().status()).isEqualTo(400);
    }

    @Test
    void aTaskCompletedWhileItsEscalationFiresIsEitherDoneOrEscalatedNeverBothNeverLost() throws Exception {
        miamiDefined();
        String subject = inquiry();
        Map<String, Integer> completion = new HashMap<>();
        for (int round = 0; round < 12; round++) {
            String id = task("INQUIRY", subject, "coord-miami", CLOCK.instant().minusSeconds(60), miamiCoordinator);
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<ApiClient.Answer> complete = pool.submit(() -> {
                    go.await();
                    return api().post("/api/records/v1/tasks/" + id + "/completion", "{}").token(miamiCoordinator).send();
                });
                Future<Integer> sweep = pool.submit(() -> {
                    go.await();
                    return sweeper.sweep();
                });
                go.countDown();
                completion.put(id, complete.get().status());
                sweep.get();
            }
        }
        sweeper.sweep();
        Set<String> done = new HashSet<>();
        Set<String> escalated = new HashSet<>();
        for (Map.Entry<String, Integer> e : completion.entrySet()) {
            JsonNode task = taskOf(e.getKey());
            String status = task.get("status").asString();
            assertThat(status).isIn("DONE", "ESCALATED");
            if (status.equals("DONE")) {
                assertThat(e.getValue()).isEqualTo(200);
                assertThat(task.get("escalatedAt").isNull()).isTrue();
                done.add(e.getKey());
            } else {
                assertThat(e.getValue()).isEqualTo(409);
                assertThat(task.get("escalatedTo").asString()).isEqualTo("lead-miami");
                escalated.add(e.getKey());
            }
        }
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_TASK,
                Duration.ofSeconds(30), records -> completion.keySet().stream().allMatch(id -> records.stream().anyMatch(r ->
                        id.equals(r.key()) && (TopicProbe.header(r, "ce_type").orElse("").equals(TASK_COMPLETED)
                                || TopicProbe.header(r, "ce_type").orElse("").equals(TASK_OVERDUE)))));
        for (String id : completion.keySet()) {
            List<String> types = typesAbout(events, id);
            if (done.contains(id)) {
                assertThat(types).containsExactly(TASK_DUE, TASK_COMPLETED);
            } else {
                assertThat(types).containsExactly(TASK_DUE, TASK_OVERDUE);
            }
        }
        System.out.println("complete vs escalate: " + done.size() + " done, " + escalated.size() + " escalated");
        // an escalated task is completed only knowingly
        if (!escalated.isEmpty()) {
            String id = escalated.iterator().next();
            ApiClient.Answer knowingly = api().post("/api/records/v1/tasks/" + id + "/completion", "{\"afterEscalation\":true}")
                    .token(leadMiami).send();
            assertThat(knowingly.status()).isEqualTo(200);
            assertThat(knowingly.json().get("status").asString()).isEqualTo("DONE");
        }
    }

    @Test
    void twoReplicasSweepingAtOnceEscalateEachOverdueTaskOnceToTheLead() throws Exception {
        miamiDefined();
        String subject = inquiry();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            ids.add(task("INQUIRY", subject, "coord-miami-2", CLOCK.instant().minusSeconds(30), otherMiamiCoordinator));
        }
        CountDownLatch go = new CountDownLatch(1);
        int total = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> sweeps = new ArrayList<>();
            for (int replica = 0; replica < 2; replica++) {
                sweeps.add(pool.submit(() -> {
                    go.await();
                    return sweeper.sweep();
                }));
            }
            go.countDown();
            for (Future<Integer> sweep : sweeps) {
                total += sweep.get();
            }
        }
        assertThat(total).isGreaterThanOrEqualTo(ids.size());
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_TASK,
                Duration.ofSeconds(30), records -> ids.stream().allMatch(id -> typesAbout(records, id).contains(TASK_OVERDUE)));
        for (String id : ids) {
            assertThat(typesAbout(events, id).stream().filter(TASK_OVERDUE::equals)).hasSize(1);
            assertThat(taskOf(id).get("escalatedTo").asString()).isEqualTo("lead-miami");
        }
        JsonNode leads = api().get("/api/records/v1/tasks?size=100").token(leadMiami).send().json();
        assertThat(texts(leads.get("items"), "id")).containsAll(ids.subList(0, Math.min(ids.size(), 10)));
    }

    @Test
    void aComplaintOpenedAndAFailedMessageEachGiveTheClinicATask() {
        miamiDefined();
        String patient = register(Phi.fresh());
        ApiClient.Answer complaint = api().post("/api/records/v1/patients/" + patient + "/complaints",
                "{\"category\":\"SERVICE\",\"description\":\"" + Phi.INQUIRY_MARKER + "\"}").token(miamiCoordinator).send();
        assertThat(complaint.status()).as(complaint.toString()).isEqualTo(201);
        String complaintId = complaint.json().get("id").asString();
        // until the rule made it, the task is a 404 problem without a "kind": keep polling rather than fail on it
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode task = taskOf("complaint-" + complaintId);
            assertThat(task.get("kind").asString()).isEqualTo("COMPLAINT_FOLLOW_UP");
            assertThat(task.get("subjectId").asString()).isEqualTo(patient);
            assertThat(task.get("ownerId").asString()).isEqualTo("lead-miami");
        });
        String messageId = "msg-" + UUID.randomUUID();
        publishEvent("/liaison/notification-service", "aurora", "aurora-miami", new MessageFailed(messageId, patient,
                "aurora-miami", null, "APPOINTMENT_REMINDER", "SMS", "UNDELIVERABLE", 4, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(taskOf("message-failed-" + messageId).get("kind").asString()).isEqualTo("MESSAGE_FAILED"));
        // a task by hand about the chart: the chart gate audits it; another clinic's coordinator may not
        task("PATIENT", patient, null, CLOCK.instant().plus(Duration.ofDays(2)), miamiCoordinator);
        assertThat(api().post("/api/records/v1/tasks", "{\"kind\":\"CALL_BACK\",\"subjectType\":\"PATIENT\",\"subjectId\":\""
                + patient + "\",\"dueAt\":\"2027-01-01T10:00:00Z\"}").token(laCoordinator).send().status()).isEqualTo(403);
        assertThat(api().post("/api/records/v1/tasks", "{\"kind\":\"CALL_BACK\",\"subjectType\":\"PATIENT\",\"subjectId\":\""
                + patient + "\",\"dueAt\":\"2027-01-01T10:00:00Z\",\"tenantId\":\"belmont\"}").token(miamiCoordinator).send().status())
                .isEqualTo(400);
    }

    @Test
    void aPostOpCheckInAnsweredWorseGivesTheLeadOneCallDueWithinABusinessHourEvenDeliveredTwice() {
        miamiDefined();
        String patient = register(Phi.fresh());
        String worse = "postop-apt-" + UUID.randomUUID() + "-PT24H-SMS", better = "postop-apt-" + UUID.randomUUID() + "-PT24H-SMS";
        // Friday 16:30 in Miami: one business hour is the last half hour of Friday and Monday's first, after the
        // weekend in which the clocks went forward (8 March 2026)
        Instant answeredAt = Instant.parse("2026-03-06T21:30:00Z");
        ProducerRecord<String, byte[]> answered = CloudEventRecords.of("/liaison/notification-service", "aurora", "aurora-miami",
                new CheckInAnswered(worse, patient, "aurora-miami", "apt-1", "WORSE", answeredAt));
        TopicProbe probe = TopicProbe.of(TestInfrastructure.get());
        probe.send(answered);
        probe.send(answered); // the same event redelivered
        publishEvent("/liaison/notification-service", "aurora", "aurora-miami", // published again under another id
                new CheckInAnswered(worse, patient, "aurora-miami", "apt-1", "WORSE", answeredAt));
        publishEvent("/liaison/notification-service", "aurora", "aurora-miami",
                new CheckInAnswered(better, patient, "aurora-miami", "apt-2", "BETTER", answeredAt));
        // after each, on the same key (so the same partition, in order) a failed message: once its task is there,
        // the answers before it were handled
        for (String messageId : List.of(worse, better)) {
            publishEvent("/liaison/notification-service", "aurora", "aurora-miami", new MessageFailed(messageId, patient,
                    "aurora-miami", null, "POST_OP_CHECK_IN", "SMS", "UNDELIVERED", 1, answeredAt));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api().get("/api/records/v1/tasks/message-failed-" + worse).token(leadMiami).send().status()).isEqualTo(200);
            assertThat(api().get("/api/records/v1/tasks/message-failed-" + better).token(leadMiami).send().status()).isEqualTo(200);
        });

        JsonNode task = taskOf("post-op-call-" + worse);
        assertThat(task.get("kind").asString()).isEqualTo("POST_OP_CALL");
        assertThat(task.get("subjectType").asString()).isEqualTo("PATIENT");
        assertThat(task.get("subjectId").asString()).isEqualTo(patient);
        assertThat(task.get("ownerId").asString()).isEqualTo("lead-miami");
        assertThat(Instant.parse(task.get("dueAt").asString())).isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
        assertThat(mongo.getCollection("tasks").countDocuments(new Document("subjectId", patient).append("kind", "POST_OP_CALL")))
                .isEqualTo(1);
        assertThat(api().get("/api/records/v1/tasks/post-op-call-" + better).token(leadMiami).send().status()).isEqualTo(404);
    }
}
