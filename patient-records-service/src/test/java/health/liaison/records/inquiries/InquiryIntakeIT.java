package health.liaison.records.inquiries;

import health.liaison.platform.testing.ApiClient;
import health.liaison.records.Phi;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The public web form, straight at the service as the gateway forwards it (no token; the gateway sets the client's
 * address in X-Liaison-Client-Address): first-response due times in Miami's local business hours across weekends and both DST
 * changes, the same 202 for everyone, the per-address limit under a flood, and bad posts refused with nothing stored.
 * Ordered: the clock only moves forward.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InquiryIntakeIT extends InquiriesTestBase {

    private String miamiForm;

    String form(String locationId) {
        ApiClient.Answer form = api().post("/api/records/v1/inquiry-forms", "{\"locationId\":\"" + locationId + "\"}").token(admin).send();
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        return form.json().get("formKey").asString();
    }

    static String address() {
        return "203.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    ApiClient.Answer post(String formKey, String body, String forwardedFor) {
        return post(api(), formKey, body, forwardedFor);
    }

    static ApiClient.Answer post(ApiClient client, String formKey, String body, String forwardedFor) {
        return client.post("/api/public/v1/inquiry-forms/" + formKey, body).header("X-Liaison-Client-Address", forwardedFor).send();
    }

    static String formBody(String name, String email, String phone) {
        return """
                {"name":"%s","email":%s,"phone":%s,"preferredLanguage":"es","preferredChannel":"EMAIL",
                 "interest":"rhinoplasty","message":"%s","website":""}""".formatted(name, q(email), q(phone), Phi.INQUIRY_MARKER);
    }

    static String uniquePhone() {
        return "+1305555987" + String.format("%04d", (int) (Math.random() * 10000));
    }

    static String uniqueEmail() {
        return "w." + UUID.randomUUID().toString().substring(0, 12) + "@phi-marker.example";
    }

    Document latestWebFormInquiry(Instant since) {
        return mongo.findOne(Query.query(Criteria.where("source").is("WEB_FORM").and("receivedAt").gte(Date.from(since)))
                .with(Sort.by(Sort.Direction.DESC, "receivedAt")), Document.class, "inquiries");
    }

    /** A web form posted at {@code localFriday1630} (as a UTC instant) is owned, due at {@code due}, task and event agree. */
    void webFormIsDueAt(Instant posted, Instant due) {
        miamiDefined();
        if (miamiForm == null) {
            miamiForm = form("aurora-miami");
        }
        CLOCK.advanceTo(posted);
        Phi phi = Phi.fresh();
        String email = uniqueEmail();
        String phone = uniquePhone();
        ApiClient.Answer answer = post(miamiForm, formBody(phi.firstName() + " " + phi.lastName(), email, phone), address());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(answer.body()).doesNotContain(phi.firstName()).doesNotContain(email).doesNotContain(Phi.INQUIRY_MARKER);

        Document stored = latestWebFormInquiry(posted);
        assertThat(stored).isNotNull();
        String raw = stored.toJson();
        assertThat(raw).as("sealed at rest").doesNotContain(phi.firstName()).doesNotContain(email)
                .doesNotContain(phone).doesNotContain(Phi.INQUIRY_MARKER);
        String id = stored.getString("_id");

        JsonNode inquiry = api().get("/api/records/v1/inquiries/" + id).token(leadMiami).send().json();
        assertThat(inquiry.get("ownerId").asString()).isEqualTo("lead-miami");
        assertThat(inquiry.get("status").asString()).isEqualTo("NEW");
        assertThat(inquiry.get("source").asString()).isEqualTo("WEB_FORM");
        assertDue(inquiry.get("firstResponseDueAt"), due);
        assertThat(inquiry.get("contact").get("email").asString()).isEqualTo(email);
        assertThat(inquiry.get("contacts").get(0).get("text").asString()).isEqualTo(Phi.INQUIRY_MARKER);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode task = api().get("/api/records/v1/tasks/first-response-" + id).token(leadMiami).send().json();
            assertThat(task.get("kind").asString()).isEqualTo("FIRST_RESPONSE");
            assertThat(task.get("ownerId").asString()).isEqualTo("lead-miami");
            assertDue(task.get("dueAt"), due);
        });
        List<JsonNode> events = eventsAbout(topicInquiry(), id, types -> types.contains(RECEIVED));
        assertThat(events).hasSize(1);
        String json = events.getFirst().toString();
        assertThat(json).doesNotContain(phi.firstName()).doesNotContain(email).doesNotContain(phone)
                .doesNotContain(Phi.INQUIRY_MARKER);
        assertThat(events.getFirst().get("source").asString()).isEqualTo("WEB_FORM");
        assertDue(events.getFirst().get("firstResponseDueAt"), due);
    }

    /**
     * The test clock runs at real speed from the moment it was set, so the post happened a few milliseconds after
     * Friday 16:30 and is due as many milliseconds after Monday 09:30.
     */
    static void assertDue(JsonNode actual, Instant due) {
        Instant at = Instant.parse(actual.asString());
        assertThat(Duration.between(due, at)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(at.atZone(NEW_YORK).toLocalTime().withSecond(0).withNano(0)).isEqualTo(java.time.LocalTime.of(9, 30));
    }

    @Test
    @Order(1)
    void aFridayAfternoonFormBeforeClocksSpringForwardIsDueMondayAtHalfPastNineLocal() {
        // Friday 6 March 2026 16:30 EST → Monday 9 March 09:30 EDT
        webFormIsDueAt(Instant.parse("2026-03-06T21:30:00Z"), Instant.parse("2026-03-09T13:30:00Z"));
    }

    @Test
    @Order(2)
    void aFridayAfternoonFormBeforeClocksFallBackIsDueMondayAtHalfPastNineLocal() {
        // Friday 30 October 2026 16:30 EDT → Monday 2 November 09:30 EST
        webFormIsDueAt(Instant.parse("2026-10-30T20:30:00Z"), Instant.parse("2026-11-02T14:30:00Z"));
    }

    @Test
    @Order(3)
    void aFridayAfternoonFormIsDueMondayAtHalfPastNineLocal() {
        // Friday 4 December 2026 16:30 EST → Monday 7 December 09:30 EST
        webFormIsDueAt(Instant.parse("2026-12-04T21:30:00Z"), Instant.parse("2026-12-07T14:30:00Z"));
    }

    @Test
    @Order(4)
    void tenThousandPostsFromOneAddressInAMinuteStoreNoMoreThanTheLimitAndOtherClinicsFormsStillWork() throws Exception {
        miamiDefined();
        String flooded = form("aurora-miami");
        String other = form("aurora-beverly-hills");
        Instant start = Instant.parse("2026-12-08T15:00:00Z");
        CLOCK.advanceTo(start);
        String attacker = "198.51.100.77";
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        ApiClient client = api();
        long began = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                posts.add(pool.submit(() -> {
                    int status = post(client, flooded, formBody("Flood Qx", "flood." + UUID.randomUUID() + "@example.org", null), attacker).status();
                    (status == 202 ? accepted : limited).incrementAndGet();
                    assertThat(status).isIn(202, 429);
                }));
            }
            for (Future<?> post : posts) {
                post.get();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(took).as("the flood ran within one rate-limit window").isLessThan(Duration.ofSeconds(55));
        assertThat(accepted.get()).isEqualTo(10);
        assertThat(limited.get()).isEqualTo(9_990);
        long stored = mongo.count(Query.query(Criteria.where("source").is("WEB_FORM").and("receivedAt").gte(Date.from(start))),
                "inquiries");
        assertThat(stored).isEqualTo(10);

        ApiClient.Answer limitedAnswer = post(other, formBody("Flood Qx", uniqueEmail(), null), attacker);
        assertThat(limitedAnswer.status()).isEqualTo(429);
        assertThat(limitedAnswer.header("Retry-After")).isNotNull();
        assertThat(limitedAnswer.json().get("type").asString()).endsWith("/rate-limited");

        ApiClient.Answer elsewhere = post(other, formBody("Other Qx", uniqueEmail(), null), "198.51.100.12");
        assertThat(elsewhere.status()).isEqualTo(202);
        ApiClient.Answer sameFormOtherAddress = post(flooded, formBody("Other Qx", uniqueEmail(), null), "198.51.100.13");
        assertThat(sameFormOtherAddress.status()).isEqualTo(202);
        assertThat(mongo.count(Query.query(Criteria.where("source").is("WEB_FORM").and("receivedAt").gte(Date.from(start))),
                "inquiries")).isEqualTo(12);
        System.out.println("web-form flood: 10000 posts in " + took.toMillis() + " ms");
    }

    @Test
    @Order(5)
    void oversizedMalformedAndInjectedPostsAreProblemsAndStoreNothing() {
        miamiDefined();
        String formKey = form("aurora-miami");
        long before = mongo.count(new Query(), "inquiries");
        String ok = formBody("Ana Qx", uniqueEmail(), null);

        ApiClient.Answer oversized = post(formKey, ok.replace(Phi.INQUIRY_MARKER, "x".repeat(5000)), address());
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.json().get("type").asString()).endsWith("/payload-too-large");

        ApiClient.Answer malformed = post(formKey, "{\"name\":\"Ana\",", address());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("type").asString()).endsWith("/malformed-body");

        ApiClient.Answer operator = post(formKey, "{\"name\":{\"$gt\":\"\"},\"email\":\"a@example.org\"}", address());
        assertThat(operator.status()).isEqualTo(400);
        assertThat(operator.body()).contains("\"field\":\"name\"");

        ApiClient.Answer where = post(formKey, "{\"name\":\"Ana\",\"email\":\"a@example.org\",\"$where\":\"sleep(1000)\"}", address());
        assertThat(where.status()).isEqualTo(400);
        assertThat(where.body()).contains("\"field\":\"$where\"");

        ApiClient.Answer whereAsName = post(formKey, "{\"name\":\"$where\",\"email\":{\"$ne\":null}}", address());
        assertThat(whereAsName.status()).isEqualTo(400);

        ApiClient.Answer badName = post(formKey, "{\"name\":\"$where\",\"email\":\"a@example.org\"}", address());
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body()).contains("\"field\":\"name\"");

        ApiClient.Answer array = post(formKey, "[{\"name\":\"Ana\"}]", address());
        assertThat(array.status()).isEqualTo(400);

        ApiClient.Answer noWayToReach = post(formKey, "{\"name\":\"Ana\"}", address());
        assertThat(noWayToReach.status()).isEqualTo(400);

        ApiClient.Answer notJson = api().post("/api/public/v1/inquiry-forms/" + formKey, ok).header("Content-Type", "text/plain")
                .header("X-Liaison-Client-Address", address()).send();
        assertThat(notJson.status()).isEqualTo(415);

        ApiClient.Answer unknownForm = post("f" + "A".repeat(32), ok, address());
        assertThat(unknownForm.status()).isEqualTo(404);

        ApiClient.Answer honeypot = post(formKey, ok.replace("\"website\":\"\"", "\"website\":\"http://spam.example\""), address());
        assertThat(honeypot.status()).isEqualTo(202);
        assertThat(honeypot.body()).isEqualTo(post(formKey, "{\"name\":\"Bea\",\"email\":\"" + uniqueEmail()
                + "\",\"website\":\"x\"}", address()).body());

        assertThat(mongo.count(new Query(), "inquiries")).as("nothing stored").isEqualTo(before);

        ApiClient.Answer staffPath = api().get("/api/records/v1/inquiries").send();
        assertThat(staffPath.status()).as("only the form is open without a token").isEqualTo(401);
    }
}
