package health.liaison.scheduling.booking;

import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The waitlist, post-op follow-up series, visit events, day views and calendar subscriptions. */
class WaitlistAndSeriesIT extends SchedulingTestBase {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    String run;
    String clinic;
    String surgeon;
    String staff;
    LocalDate monday;

    @BeforeEach
    void practice() {
        run = UUID.randomUUID().toString().substring(0, 8);
        clinic = "series-" + run;
        surgeon = "dr-s-" + run;
        staff = TestIdentity.token().tenant("aurora").locations(clinic).roles("COORDINATOR").sign();
        StringBuilder hours = new StringBuilder();
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.append(hours.isEmpty() ? "" : ",").append("\"").append(day).append("\":[{\"opens\":\"08:00\",\"closes\":\"18:00\"}]");
        }
        assertThat(api().put("/api/scheduling/v1/locations/" + clinic, "{\"name\":\"Series\",\"zoneId\":\"America/New_York\",\"hours\":{" + hours + "}}")
                .token(TestIdentity.token().tenant("aurora").roles("ADMIN").sign()).send().status()).isEqualTo(200);
        register(surgeon, "PROVIDER", "SURGEON", clinic);
        define("consult-" + run, "CONSULTATION", 60, 0, 0);
        define("postop-" + run, "POST_OP", 30, 0, 0);
        assertThat(api().put("/api/scheduling/v1/appointment-types/lipo-" + run, """
                {"name":"Liposuction","category":"SURGERY","durationMinutes":120,"setupMinutes":0,"turnoverMinutes":0,
                 "followUps":["P1D","P1W","P30D"],"followUpTypeId":"postop-%s"}""".formatted(run)).token(coordinator).send().status()).isEqualTo(200);
        monday = LocalDate.now(NEW_YORK).plusDays(30).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }

    @Test
    void aFreedSlotIsOfferedToWaitingPatientsAndOfAllWhoAcceptExactlyOneGetsIt() throws Exception {
        Instant slot = at(monday, 10, 0);
        String taken = book("pat-x", "consult-" + run, slot).json().get("id").asString();
        List<String> entries = new ArrayList<>();
        for (String patient : List.of("pat-w1", "pat-w2")) {
            ApiClient.Answer joined = api().post("/api/scheduling/v1/waitlist", "{\"patientId\":\"" + patient + "-" + run
                    + "\",\"appointmentTypeId\":\"consult-" + run + "\",\"locationIds\":[\"" + clinic + "\"],\"from\":\"" + monday
                    + "\",\"to\":\"" + monday.plusDays(2) + "\"}").token(staff).send();
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
            entries.add(joined.json().get("id").asString());
        }
        assertThat(api().post("/api/scheduling/v1/appointments/" + taken + "/cancellation", "{\"reasonCode\":\"PATIENT_REQUEST\"}")
                .token(staff).send().status()).isEqualTo(200);

        var offered = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30),
                list -> list.stream().filter(r -> entries.contains(r.key())).count() == 2);
        assertThat(offered.stream().filter(r -> entries.contains(r.key())))
                .allSatisfy(r -> assertThat(TopicProbe.header(r, "ce_type").orElseThrow()).isEqualTo("health.liaison.scheduling.waitlist.slot-offered.v1"));
        JsonNode waiting = api().get("/api/scheduling/v1/waitlist?locationId=" + clinic).token(staff).send().json().get("items");
        List<Callable<Integer>> accepts = new ArrayList<>();
        for (JsonNode entry : waiting) {
            String offer = entry.get("offers").get(0).get("id").asString();
            assertThat(entry.get("offers").get(0).get("start").asString()).isEqualTo(slot.toString());
            accepts.add(() -> api().post("/api/scheduling/v1/waitlist/" + entry.get("id").asString() + "/offers/" + offer + "/acceptance", "{}")
                    .token(staff).send().status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> status : pool.invokeAll(accepts)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(mongo.getCollection("appointments").countDocuments(new org.bson.Document("providerIds", surgeon)
                .append("status", "BOOKED"))).isEqualTo(1);
        JsonNode left = api().get("/api/scheduling/v1/waitlist?locationId=" + clinic).token(staff).send().json();
        assertThat(left.get("items").size()).isEqualTo(1);
        assertThat(left.get("totalItems").asLong()).isEqualTo(1);
        assertThat(left.get("totalPages").asInt()).isEqualTo(1);
    }

    @Test
    void anOfferLapses() {
        Instant slot = at(monday.plusDays(1), 11, 0);
        String taken = book("pat-y", "consult-" + run, slot).json().get("id").asString();
        String entry = api().post("/api/scheduling/v1/waitlist", "{\"patientId\":\"pat-w3\",\"appointmentTypeId\":\"consult-" + run
                + "\",\"locationIds\":[\"" + clinic + "\"],\"from\":\"" + monday + "\",\"to\":\"" + monday.plusDays(3) + "\"}").token(staff).send()
                .json().get("id").asString();
        api().post("/api/scheduling/v1/appointments/" + taken + "/cancellation", "{\"reasonCode\":\"OTHER\"}").token(staff).send();
        JsonNode mine = null;
        for (JsonNode e : api().get("/api/scheduling/v1/waitlist?locationId=" + clinic).token(staff).send().json().get("items")) {
            if (e.get("id").asString().equals(entry)) {
                mine = e;
            }
        }
        String offer = mine.get("offers").get(0).get("id").asString();
        clock.advance(Duration.ofHours(3));
        try {
            ApiClient.Answer late = api().post("/api/scheduling/v1/waitlist/" + entry + "/offers/" + offer + "/acceptance", "{}").token(staff).send();
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.json().get("type").asString()).endsWith("offer-expired");
        } finally {
            clock.advance(Duration.ofHours(-3));
        }
    }

    @Test
    void aSurgerysFollowUpSeriesIsProposedNearEachTargetDayAndBookedOnceAtOnce() {
        Instant surgery = at(monday, 9, 0);
        String id = book("pat-z", "lipo-" + run, surgery).json().get("id").asString();
        JsonNode proposals = api().get("/api/scheduling/v1/appointments/" + id + "/follow-ups").token(staff).send().json();
        List<String> starts = new ArrayList<>();
        proposals.forEach(p -> starts.add(p.get("start").asString()));
        assertThat(starts).containsExactly(at(monday.plusDays(1), 8, 0).toString(), at(monday.plusDays(7), 8, 0).toString(),
                at(monday.plusDays(30), 8, 0).toString());

        ApiClient.Answer booked = api().post("/api/scheduling/v1/appointments/" + id + "/follow-ups", "{}").token(staff).send();
        assertThat(booked.status()).isEqualTo(200);
        assertThat(booked.json().get("booked").size()).isEqualTo(3);
        assertThat(booked.json().get("notBooked").size()).isZero();
        ApiClient.Answer again = api().post("/api/scheduling/v1/appointments/" + id + "/follow-ups", "{}").token(staff).send();
        assertThat(again.json().get("booked").size()).isEqualTo(3);
        assertThat(mongo.getCollection("appointments").countDocuments(new org.bson.Document("patientId", "pat-z")
                .append("appointmentTypeId", "postop-" + run))).isEqualTo(3);

        // the day view of the surgeon shows the surgery; the week view the day-1 follow-up too
        JsonNode day = api().get("/api/scheduling/v1/providers/" + surgeon + "/schedule?date=" + monday + "&locationId=" + clinic).token(staff).send().json();
        assertThat(day.size()).isEqualTo(1);
        assertThat(day.get(0).get("appointmentTypeId").asString()).isEqualTo("lipo-" + run);
        assertThat(api().get("/api/scheduling/v1/providers/" + surgeon + "/schedule?date=" + monday + "&days=7&locationId=" + clinic)
                .token(staff).send().json().size()).isEqualTo(2);
        assertThat(api().get("/api/scheduling/v1/providers/" + surgeon + "/schedule?date=" + monday + "&days=8").token(staff).send().body())
                .contains("days");
    }

    @Test
    void checkInAndNoShowArePublishedAndANoShowFreesItsResources() {
        String visit = book("pat-v", "consult-" + run, at(monday.plusDays(2), 9, 0)).json().get("id").asString();
        String missed = book("pat-m", "consult-" + run, at(monday.plusDays(2), 11, 0)).json().get("id").asString();
        assertThat(api().post("/api/scheduling/v1/appointments/" + visit + "/check-in", "{}").token(staff).send().status()).isEqualTo(200);
        assertThat(api().post("/api/scheduling/v1/appointments/" + missed + "/no-show", "{}").token(staff).send().status()).isEqualTo(200);
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> missed.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("no-show"))
                        && list.stream().anyMatch(r -> visit.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("checked-in")));
        assertThat(events).isNotEmpty();
        assertThat(book("pat-n", "consult-" + run, at(monday.plusDays(2), 11, 0)).status()).isEqualTo(201);
    }

    @Test
    void aProviderSubscribesToTheirCalendarWithASignedUrlThatNeedsNoLogin() throws Exception {
        String id = book("pat-c", "consult-" + run, at(monday.plusDays(3), 9, 0)).json().get("id").asString();
        String url = api().get("/api/scheduling/v1/providers/" + surgeon + "/calendar-feed").token(staff).send().json().get("url").asString();
        HttpClient http = HttpClient.newHttpClient();
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/");
        HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        assertThat(feed.body()).contains("UID:" + id + "@liaison").doesNotContain("pat-c");
        String signed = url.substring(0, url.length() - ".ics".length());
        String forged = signed.substring(0, signed.length() - 4) + (signed.endsWith("AAAA") ? "BBBB" : "AAAA") + ".ics";
        assertThat(http.send(HttpRequest.newBuilder(URI.create(forged)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // the feed route is the only open one
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scheduling/v1/providers/" + surgeon
                + "/calendar.ics")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private ApiClient.Answer book(String patient, String type, Instant start) {
        ApiClient.Answer answer = api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"" + patient + "\",\"locationId\":\"" + clinic
                + "\",\"appointmentTypeId\":\"" + type + "\",\"providerIds\":[\"" + surgeon + "\"],\"start\":\"" + start + "\"}").token(staff).send();
        return answer;
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(NEW_YORK).toInstant();
    }
}
