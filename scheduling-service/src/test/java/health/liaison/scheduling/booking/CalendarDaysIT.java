package health.liaison.scheduling.booking;

import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calendars kept one document per resource and UTC day: a booking touches only its own days, the race for a slot
 * across midnight has exactly one winner, and calendars written by earlier versions (one document per resource)
 * are split at start-up by replicas migrating at once, then booked against as before.
 */
class CalendarDaysIT extends SchedulingTestBase {

    @Autowired
    ResourceCalendars calendars;

    @Autowired
    ClaimSweeper claims;

    String run;
    String location;
    String token;
    /** 23:30 UTC, far enough ahead: a consultation (60 min + 15 turnover) then is busy until 00:45 the next day */
    Instant lateEvening;

    @BeforeEach
    void practice() {
        run = UUID.randomUUID().toString().substring(0, 8);
        // a clinic without opening hours on record, so a booking may cross midnight UTC
        location = "night-" + run;
        token = TestIdentity.token().tenant("aurora").locations(location).roles("COORDINATOR").sign();
        lateEvening = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(40 + Math.abs(run.hashCode() % 300), ChronoUnit.DAYS)
                .plus(Duration.ofMinutes(23 * 60 + 30));
        define("consultation", "CONSULTATION", 60, 0, 15);
    }

    @Test
    void aBookingIsKeptInTheDaysItCoversOnly() {
        String surgeon = "surgeon-" + run;
        assertThat(book("pat-a", surgeon, lateEvening).status()).isEqualTo(201);
        assertThat(days(surgeon)).containsExactly(day(lateEvening), day(lateEvening.plus(Duration.ofDays(1))));
        // 00:30 the next day overlaps the turnover kept in that day's document
        assertThat(book("pat-b", surgeon, lateEvening.plus(Duration.ofMinutes(60))).status()).isEqualTo(409);
        // 00:45 is free; its own day only
        assertThat(book("pat-c", surgeon, lateEvening.plus(Duration.ofMinutes(75))).status()).isEqualTo(201);
        assertThat(days(surgeon)).hasSize(2);
        // read back once per interval, from the days of the window only
        List<Instant[]> busy = Callers.callAs(Caller.system("aurora"), () -> calendars.busy(List.of(surgeon),
                lateEvening.plus(Duration.ofMinutes(30)), lateEvening.plus(Duration.ofHours(3))));
        assertThat(busy).extracting(i -> i[0]).containsExactlyInAnyOrder(lateEvening, lateEvening.plus(Duration.ofMinutes(75)));
        assertThat(Callers.callAs(Caller.system("aurora"), () -> calendars.busy(List.of(surgeon),
                lateEvening.plus(Duration.ofDays(2)), lateEvening.plus(Duration.ofDays(3))))).isEmpty();
    }

    @Test
    void fiftyConcurrentRequestsForASlotAcrossMidnightBookItExactlyOnce() throws Exception {
        String surgeon = "surgeon-" + run;
        List<ApiClient.Answer> answers = race(surgeon, i -> lateEvening);
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(49);
        assertThat(mongo.getCollection("appointments").countDocuments(new Document("providerIds", surgeon))).isEqualTo(1);
        // each of the two days holds the winner's interval once, and nothing a loser claimed for a moment
        for (Document day : mongo.getCollection(ResourceCalendars.COLLECTION).find(new Document("resourceId", surgeon))) {
            assertThat(day.getList("busy", Document.class)).hasSize(1);
        }
    }

    @Test
    void overlappingRequestsFromBothSidesOfMidnightHaveExactlyOneWinner() throws Exception {
        String surgeon = "surgeon-" + run;
        // half start at 23:30 (both days), half at 00:15 (the second day only); every pair overlaps
        List<ApiClient.Answer> answers = race(surgeon, i -> i % 2 == 0 ? lateEvening : lateEvening.plus(Duration.ofMinutes(45)));
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(49);
        assertThat(mongo.getCollection("appointments").countDocuments(new Document("providerIds", surgeon))).isEqualTo(1);
    }

    @Test
    void calendarsWrittenByTheEarlierVersionAreSplitByTwoReplicasAtOnceAndBookedAgainst() throws Exception {
        String surgeon = "surgeon-" + run;
        String room = "or-" + run;
        // an appointment booked now, whose claim is then put back the way the earlier version kept it
        ApiClient.Answer booked = book("pat-a", surgeon, lateEvening);
        assertThat(booked.status()).isEqualTo(201);
        String appointmentId = booked.json().get("id").asString();
        Instant past = lateEvening.minus(Duration.ofDays(800)).minus(Duration.ofHours(10));
        List<Document> history = new ArrayList<>();
        for (Document day : mongo.getCollection(ResourceCalendars.COLLECTION).find(new Document("resourceId", surgeon))) {
            history.addAll(day.getList("busy", Document.class));
        }
        mongo.getCollection(ResourceCalendars.COLLECTION).deleteMany(new Document("resourceId", surgeon));
        history = new ArrayList<>(history.stream().distinct().toList());
        assertThat(history).hasSize(1);
        history.add(old("appt-old-" + run, past, past.plus(Duration.ofHours(1)), null));
        mongo.getCollection(CalendarMigration.OLD_COLLECTION).insertOne(new Document("_id", "aurora|" + surgeon)
                .append("busy", history).append("tenantId", "aurora").append("resourceId", surgeon));
        // a room with an OR block reserved for the surgeon, left leased by a replica that died while moving it
        Instant blockStart = lateEvening.plus(Duration.ofDays(2)).minus(Duration.ofHours(10));
        mongo.getCollection(CalendarMigration.OLD_COLLECTION).insertOne(new Document("_id", "aurora|" + room)
                .append("busy", List.of(old("block-" + run, blockStart, blockStart.plus(Duration.ofDays(2)), surgeon)))
                .append("tenantId", "aurora").append("resourceId", room)
                .append("_migration", new Document("owner", "dead").append("until", Date.from(Instant.now().minusSeconds(5)))));

        List<Callable<Integer>> replicas = List.of(
                () -> new CalendarMigration(mongo, "replica-a", Duration.ofMinutes(1), Clock.systemUTC()).migrate(),
                () -> new CalendarMigration(mongo, "replica-b", Duration.ofMinutes(1), Clock.systemUTC()).migrate());
        int moved = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> replica : pool.invokeAll(replicas)) {
                moved += replica.get();
            }
        }
        assertThat(moved).isEqualTo(2);
        assertThat(mongo.getCollection(CalendarMigration.OLD_COLLECTION).countDocuments(new Document("_id",
                new Document("$in", List.of("aurora|" + surgeon, "aurora|" + room))))).isZero();
        // each interval in each of its days, once
        assertThat(days(surgeon)).containsExactly(day(past), day(lateEvening), day(lateEvening.plus(Duration.ofDays(1))));
        assertThat(days(room)).hasSize(3);
        for (Document day : mongo.getCollection(ResourceCalendars.COLLECTION).find(new Document("resourceId",
                new Document("$in", List.of(surgeon, room))))) {
            assertThat(day.getList("busy", Document.class)).hasSize(1);
        }
        // a third replica starting later finds nothing to do
        assertThat(new CalendarMigration(mongo, "replica-c", Duration.ofMinutes(1), Clock.systemUTC()).migrate()).isZero();

        // the migrated appointment still holds its time, on both sides of midnight
        assertThat(book("pat-b", surgeon, lateEvening.minus(Duration.ofMinutes(30))).status()).isEqualTo(409);
        assertThat(book("pat-c", surgeon, lateEvening.plus(Duration.ofMinutes(60))).status()).isEqualTo(409);
        assertThat(book("pat-d", surgeon, lateEvening.plus(Duration.ofMinutes(75))).status()).isEqualTo(201);
        // the OR block keeps other surgeons out of the room and lets its own in
        String other = "surgeon-other-" + run;
        assertThat(bookWithRoom("pat-e", other, room, blockStart.plus(Duration.ofHours(26))).status()).isEqualTo(409);
        assertThat(bookWithRoom("pat-f", surgeon, room, blockStart.plus(Duration.ofHours(26))).status()).isEqualTo(201);
        // cancelling the migrated appointment frees its time in both days
        ApiClient.Answer cancelled = api().post("/api/scheduling/v1/appointments/" + appointmentId + "/cancellation",
                "{\"reasonCode\":\"OTHER\"}").token(token).send();
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(book("pat-g", surgeon, lateEvening.minus(Duration.ofMinutes(30))).status()).isEqualTo(201);
    }

    @Test
    void claimsNoAppointmentCameToHoldAreFreedAfterTheGracePeriodAndBookedOnesStay() {
        String surgeon = "surgeon-" + run;
        // a booking whose process died after claiming both days and before writing the appointment
        String ghost = "appt-ghost-" + run;
        Interval lost = new Interval(lateEvening, lateEvening.plus(Duration.ofMinutes(75)));
        assertThat(Callers.callAs(Caller.system("aurora"), () -> calendars.claim(surgeon, ghost, ghost + "@1", lost))).isTrue();
        ApiClient.Answer kept = book("pat-a", surgeon, lateEvening.plus(Duration.ofHours(2)));
        assertThat(kept.status()).isEqualTo(201);
        assertThat(book("pat-b", surgeon, lateEvening).status()).isEqualTo(409);

        // within the grace period nothing is touched (a booking may still be on its way)
        claims.freeClaimsNothingHolds();
        assertThat(claimIds(surgeon)).contains(ghost + "@1");
        clock.advance(Duration.ofMinutes(6));
        try {
            claims.freeClaimsNothingHolds();
            assertThat(claimIds(surgeon)).doesNotContain(ghost + "@1")
                    .contains(kept.json().get("id").asString() + "@" + lateEvening.plus(Duration.ofHours(2)).getEpochSecond());
            assertThat(book("pat-c", surgeon, lateEvening).status()).isEqualTo(201);
        } finally {
            clock.advance(Duration.ofMinutes(-6));
        }
    }

    private List<String> claimIds(String resource) {
        List<String> ids = new ArrayList<>();
        mongo.getCollection(ResourceCalendars.COLLECTION).find(new Document("resourceId", resource).append("tenantId", "aurora"))
                .forEach(day -> day.getList("busy", Document.class).forEach(c -> ids.add(c.getString("claimId"))));
        return ids;
    }

    @Test
    void theCalendarsAndTheHoldSweepAreIndexed() {
        // claims and reads go by _id (resource and day); the claim sweep finds recent claims by when they were made
        assertThat(indexKeys(ResourceCalendars.COLLECTION)).contains(new Document("_id", 1), new Document("busy.claimedAt", 1));
        assertThat(indexKeys("appointments")).contains(new Document("status", 1).append("holdExpiresAt", 1));
    }

    private List<Document> indexKeys(String collection) {
        List<Document> keys = new ArrayList<>();
        for (Document index : mongo.getCollection(collection).listIndexes()) {
            Document key = new Document();
            index.get("key", Document.class).forEach((field, order) -> key.append(field, ((Number) order).intValue()));
            keys.add(key);
        }
        return keys;
    }

    private List<ApiClient.Answer> race(String surgeon, java.util.function.IntFunction<Instant> start) throws Exception {
        registered(location, List.of(surgeon), List.of());
        List<Callable<ApiClient.Answer>> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String patient = "pat-" + i;
            Instant at = start.apply(i);
            requests.add(() -> book(patient, surgeon, at));
        }
        List<ApiClient.Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (Future<ApiClient.Answer> answer : pool.invokeAll(requests)) {
                answers.add(answer.get());
            }
        }
        return answers;
    }

    private static Document old(String appointmentId, Instant start, Instant end, String reservedFor) {
        Document entry = new Document("appointmentId", appointmentId).append("claimId", appointmentId + "@" + start.getEpochSecond())
                .append("start", Date.from(start)).append("end", Date.from(end));
        return reservedFor == null ? entry : entry.append("reservedFor", reservedFor);
    }

    private List<String> days(String resource) {
        List<String> days = new ArrayList<>();
        mongo.getCollection(ResourceCalendars.COLLECTION).find(new Document("resourceId", resource).append("tenantId", "aurora"))
                .sort(new Document("day", 1)).forEach(d -> days.add(d.getString("day")));
        return days;
    }

    private static String day(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    private ApiClient.Answer book(String patient, String surgeon, Instant start) {
        registered(location, List.of(surgeon), List.of());
        return api().post("/api/scheduling/v1/appointments", """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"consultation","providerIds":["%s"],"start":"%s"}"""
                .formatted(patient, location, surgeon, start)).token(token).send();
    }

    private ApiClient.Answer bookWithRoom(String patient, String surgeon, String room, Instant start) {
        registered(location, List.of(surgeon), List.of(room));
        return api().post("/api/scheduling/v1/appointments", """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"consultation","providerIds":["%s"],"roomIds":["%s"],"start":"%s"}"""
                .formatted(patient, location, surgeon, room, start)).token(token).send();
    }
}
