package health.liaison.records.inquiries;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestClock;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.Phi;
import health.liaison.records.RecordsTestBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the inquiry and task tests share (one Spring context): a clock the tests move forward ("it is Friday 16:30
 * in Miami"), Miami's hours published as scheduling does, and helpers to read records' own events.
 */
@Import(InquiriesTestBase.Clocks.class)
@TestPropertySource(properties = {"liaison.records.task-sweep-interval=PT1H", "liaison.outbox.poll-interval=200ms",
        "liaison.inquiries.web-form.per-address=10"})
public abstract class InquiriesTestBase extends RecordsTestBase {

    /** Early enough for every date the tests move to (the first is Friday 6 March 2026). */
    protected static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T14:00:00Z"));

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    protected static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    protected final String leadMiami = TestIdentity.token().subject("lead-miami").tenant("aurora")
            .locations("aurora-miami").roles("COORDINATOR").sign();
    protected final String otherMiamiCoordinator = TestIdentity.token().subject("coord-miami-2").tenant("aurora")
            .locations("aurora-miami").roles("COORDINATOR").sign();
    protected final String notificationService = TestIdentity.token().subject("notification-service@aurora").tenant("aurora")
            .roles("SERVICE").sign();

    private static volatile boolean miamiKnown;

    /** Scheduling's definition of Miami (New York time, weekdays 9–17) and its follow-up team, once per JVM. */
    protected void miamiDefined() {
        if (miamiKnown) {
            return;
        }
        Map<DayOfWeek, List<LocationChanged.OpeningSpan>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(new LocationChanged.OpeningSpan(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        publish("aurora", "aurora-miami", new LocationChanged("aurora-miami", "America/New_York", hours, List.of(),
                Instant.parse("2026-01-01T00:00:00Z")));
        ApiClient.Answer team = api().put("/api/records/v1/clinics/aurora-miami/follow-up-team",
                "{\"leadCoordinatorId\":\"lead-miami\",\"responseTargetMinutes\":60}").token(admin).send();
        assertThat(team.status()).as(team.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/records/v1/clinics/aurora-miami/follow-up-team")
                .token(admin).send().json().get("hoursKnown").asBoolean());
        miamiKnown = true;
    }

    protected static void publishEvent(String source, String tenant, String locationId, DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of(source, tenant, locationId, event));
    }

    /** Records' own events on a topic about one subject (the Kafka key), once {@code until} holds for them. */
    protected static List<JsonNode> eventsAbout(String topic, String subject, Predicate<List<String>> untilTypes) {
        List<ConsumerRecord<String, byte[]>> read = TopicProbe.of(TestInfrastructure.get()).readUntil(topic, Duration.ofSeconds(30),
                records -> untilTypes.test(typesAbout(records, subject)));
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read) {
            if (subject.equals(r.key())) {
                JsonNode data = ApiClient.json().readTree(new String(r.value(), StandardCharsets.UTF_8));
                ((ObjectNode) data).put("_type", TopicProbe.header(r, "ce_type").orElse(""));
                events.add(data);
            }
        }
        return events;
    }

    protected static List<String> typesAbout(List<ConsumerRecord<String, byte[]>> records, String subject) {
        return records.stream().filter(r -> subject.equals(r.key()))
                .map(r -> TopicProbe.header(r, "ce_type").orElse("")).toList();
    }

    protected static final String RECEIVED = "health.liaison.records.inquiry.received.v1";
    protected static final String TASK_DUE = "health.liaison.records.task.due.v1";
    protected static final String TASK_OVERDUE = "health.liaison.records.task.overdue.v1";
    protected static final String TASK_COMPLETED = "health.liaison.records.task.completed.v1";

    /** A phone inquiry entered by the Miami coordinator; returns its id. */
    protected String phoneInquiry(String name, String email, String phone, String token) {
        ApiClient.Answer created = api().post("/api/records/v1/inquiries", """
                {"locationId":"aurora-miami","source":"PHONE","interest":"rhinoplasty","name":"%s","email":%s,"phone":%s,
                 "preferredLanguage":"es","preferredChannel":"SMS","message":"%s"}""".formatted(name, q(email), q(phone),
                Phi.INQUIRY_MARKER))
                .token(token).header("Idempotency-Key", UUID.randomUUID().toString()).send();
        assertThat(created.status()).as(created.toString()).isIn(200, 201);
        return created.json().get("id").asString();
    }

    protected static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    protected static String topicInquiry() {
        return Topics.RECORDS_INQUIRY;
    }
}
