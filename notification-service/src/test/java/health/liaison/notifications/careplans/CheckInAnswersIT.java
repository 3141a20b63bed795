package health.liaison.notifications.careplans;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.inbound.WebhookSignature;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A post-op check-in asks "1 better, 2 same, 3 worse"; the patient's "3" through the signed SMS webhook is recorded on
 * the check-in as WORSE and announced once on the notifications topic (ids and the code, no PHI), whether the
 * provider redelivers the webhook or she answers again; after the answer window a "1" is an ordinary text again.
 */
class CheckInAnswersIT extends ServiceUnderTest {

    private static final String CLINIC_NUMBER = "+13055550100";
    private static final String ANSWERED = "health.liaison.notifications.message.check-in-answered.v1";
    private static final String OPTED_OUT = "health.liaison.notifications.message.patient-opted-out.v1";

    private final WebhookSignature signature = new WebhookSignature(TestProviders.WEBHOOK_SECRET);

    @Autowired
    MongoTemplate mongo;

    @Test
    void aWorseAnswerToTheCheckInIsRecordedOnceAndAnnouncedWithIdsAndTheCodeOnly() {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), phone = uniquePhone();
        TestProviders.patientInRecords(patient, "Ana", null, phone, "en");
        Instant completedAt = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        SchedulingEvents.publish("aurora", "aurora-miami", new AppointmentCompleted(surgery, patient, "aurora-miami",
                "rhinoplasty", "SURGERY", completedAt));
        String checkIn = "postop-" + surgery + "-PT24H-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, checkIn).equals("QUEUED"));

        CLOCK.advanceTo(completedAt.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, checkIn).equals("SENT"));
        assertThat(TestProviders.smsBodiesTo(phone)).singleElement().asString()
                .startsWith("Aurora Miami: checking in on your recovery. Reply 1 better, 2 same, 3 worse.");

        // the provider's webhook and its redelivery, and two more "3"s, at once (two replicas may take them)
        String providerId = providerId(), secondId = providerId(), thirdId = providerId();
        Instant before = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        List<ApiClient.Answer> answers = atOnce(() -> reply(phone, "3", providerId), () -> reply(phone, "3", providerId),
                () -> reply(phone, " 3. ", secondId), () -> reply(phone, "Worse", thirdId));
        ApiClient.Answer redelivered = reply(phone, "3", providerId); // and the redelivery later

        for (ApiClient.Answer answer : concat(answers, redelivered)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("reply").asString()).isEqualTo(
                    "Aurora Miami: thank you. A coordinator will call you soon. Emergency: 911.");
        }
        JsonNode stored = message(patient, checkIn);
        assertThat(stored.get("answer").asString()).isEqualTo("WORSE");
        Instant answeredAt = Instant.parse(stored.get("answeredAt").asString());
        assertThat(answeredAt).isBetween(before, CLOCK.instant());
        // the texts are kept as what they meant, not as words, and do not wait in the coordinators' inbox
        List<Document> texts = mongo.getCollection("inbound_texts").find(new Document("answeredMessageId", checkIn))
                .into(new ArrayList<>());
        assertThat(texts).hasSize(3).allSatisfy(text -> {
            assertThat(text.getString("intent")).isEqualTo("CHECK_IN_ANSWER");
            assertThat(text.get("sealedText")).isNull();
        });
        ApiClient.Answer inbox = api().get("/api/notifications/v1/inbox?locationId=aurora-miami").token(coordinator()).send();
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.json().valueStream().map(e -> e.get("id").asString())).doesNotContain(providerId, secondId, thirdId);

        // STOP still works; its event comes after any answer event of this message in its outbox, so once it is on
        // the topic every answer event there would be too
        assertThat(reply(phone, "STOP", providerId()).json().get("reply").asString()).contains("no more texts");
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.of(TestInfrastructure.get()).readUntil(
                Topics.NOTIFICATIONS_MESSAGE, Duration.ofSeconds(30), list -> list.stream().anyMatch(r -> is(r, OPTED_OUT, checkIn)));
        List<ConsumerRecord<String, byte[]>> announced = events.stream().filter(r -> is(r, ANSWERED, checkIn)).toList();
        assertThat(announced).hasSize(1);
        ConsumerRecord<String, byte[]> event = announced.getFirst();
        String raw = new String(event.value(), StandardCharsets.UTF_8);
        JsonNode payload = ApiClient.json().readTree(raw);
        Set<String> fields = new HashSet<>(payload.propertyNames());
        assertThat(fields).containsExactlyInAnyOrder("messageId", "patientId", "locationId", "appointmentId", "answer",
                "answeredAt");
        assertThat(payload.get("messageId").asString()).isEqualTo(checkIn);
        assertThat(payload.get("patientId").asString()).isEqualTo(patient);
        assertThat(payload.get("locationId").asString()).isEqualTo("aurora-miami");
        assertThat(payload.get("appointmentId").asString()).isEqualTo(surgery);
        assertThat(payload.get("answer").asString()).isEqualTo("WORSE");
        assertThat(Instant.parse(payload.get("answeredAt").asString()).truncatedTo(ChronoUnit.MILLIS)).isEqualTo(answeredAt);
        assertThat(raw).doesNotContain(phone).doesNotContain(phone.substring(1)).doesNotContain("Ana")
                .doesNotContainIgnoringCase("rhinoplasty");
        assertThat(TopicProbe.header(event, "ce_tenantid")).contains("aurora");
        assertThat(TopicProbe.header(event, "ce_locationid")).contains("aurora-miami");
    }

    @Test
    void aBetterAnswerIsRecordedAndAnAnswerAfterTheWindowIsAnOrdinaryText() {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), phone = uniquePhone();
        TestProviders.patientInRecords(patient, "Lucía", null, phone, "es");
        Instant completedAt = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        SchedulingEvents.publish("aurora", "aurora-miami", new AppointmentCompleted(surgery, patient, "aurora-miami",
                "rhinoplasty", "SURGERY", completedAt));
        String checkIn = "postop-" + surgery + "-PT24H-SMS";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, checkIn).equals("QUEUED"));
        CLOCK.advanceTo(completedAt.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, checkIn).equals("SENT"));
        assertThat(TestProviders.smsBodiesTo(phone)).singleElement().asString()
                .contains("Responda 1 mejor, 2 igual, 3 peor.");

        ApiClient.Answer better = reply(phone, "Mejor", providerId());
        assertThat(better.json().get("reply").asString()).startsWith("Aurora Miami: gracias por su respuesta.");
        assertThat(message(patient, checkIn).get("answer").asString()).isEqualTo("BETTER");
        // a later "worse" does not overwrite the answer the clinic has: she is asked to call
        assertThat(reply(phone, "3", providerId()).json().get("reply").asString())
                .startsWith("Aurora Miami: ya tenemos su respuesta. Si se siente peor, llámenos +1 305 555 0100.");
        assertThat(message(patient, checkIn).get("answer").asString()).isEqualTo("BETTER");

        // three days after the check-in went, "1" answers nothing: it waits in the coordinators' inbox like any text
        CLOCK.advanceTo(CLOCK.instant().plus(Duration.ofDays(3)).plus(Duration.ofMinutes(1)));
        String late = providerId();
        assertThat(reply(phone, "1", late).json().get("reply").asString()).contains("a coordinator will get back to you");
        ApiClient.Answer inbox = api().get("/api/notifications/v1/inbox?locationId=aurora-miami").token(coordinator()).send();
        assertThat(inbox.json().valueStream().filter(e -> e.get("id").asString().equals(late)))
                .singleElement().satisfies(e -> assertThat(e.get("text").asString()).isEqualTo("1"));
        assertThat(message(patient, checkIn).get("answer").asString()).isEqualTo("BETTER");
    }

    @SafeVarargs
    private static List<ApiClient.Answer> atOnce(Callable<ApiClient.Answer>... calls) {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Answer>> futures = new ArrayList<>();
            for (Callable<ApiClient.Answer> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<ApiClient.Answer> answers = new ArrayList<>();
            for (Future<ApiClient.Answer> future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<ApiClient.Answer> concat(List<ApiClient.Answer> answers, ApiClient.Answer last) {
        List<ApiClient.Answer> all = new ArrayList<>(answers);
        all.add(last);
        return all;
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, String type, String messageId) {
        return messageId.equals(record.key()) && TopicProbe.header(record, "ce_type").orElse("").equals(type);
    }

    private ApiClient.Answer reply(String from, String text, String providerId) {
        String body = """
                {"from":"%s","to":"%s","body":"%s","providerMessageId":"%s"}""".formatted(from, CLINIC_NUMBER, text, providerId);
        return api().post("/api/notifications/v1/inbound/sms", body)
                .header("X-Liaison-Signature", signature.sign(body.getBytes(StandardCharsets.UTF_8))).send();
    }

    private static String providerId() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String uniquePhone() {
        return "+1786" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
