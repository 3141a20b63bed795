package health.liaison.notifications;

import health.liaison.platform.testing.TestClock;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one application context every integration test of this module shares: the service on a random port against
 * the real Kafka broker and MongoDB server of the test JVM, a real SMTP server, WireMock playing the SMS provider
 * and records, and a clock the tests move ("it is 02:00 in Miami").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "liaison.notifications.delivery.poll-interval=100ms",
        "liaison.notifications.delivery.initial-backoff=300ms",
        "liaison.notifications.delivery.max-attempts=4",
        // the outage tests would open the SMS circuit for the others; ProviderGuardsTest covers the breaker
        "liaison.notifications.circuit.minimum-calls=1000",
        // a kind marked urgent for the test: it ignores quiet hours
        "liaison.notifications.urgent-kinds=WELCOME",
        "liaison.notifications.reminders.rules[0].appointment-type=overnight-check",
        "liaison.notifications.reminders.rules[0].offsets=PT7H",
        "liaison.outbox.poll-interval=200ms",
        "liaison.events.retry.initial-interval=100ms"})
@RealInfrastructure
@Import(ServiceUnderTest.Clocks.class)
public abstract class ServiceUnderTest {

    public static final ZoneId MIAMI = ZoneId.of("America/New_York");
    /** A Monday, 10:00 in Miami. */
    protected static final TestClock CLOCK = new TestClock(Instant.parse("2030-06-03T14:00:00Z"));

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        for (String argument : TestProviders.arguments()) {
            int eq = argument.indexOf('=');
            registry.add(argument.substring(0, eq), () -> argument.substring(eq + 1));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        TestClock clock() {
            return CLOCK;
        }
    }

    protected ApiClient api() {
        return ApiClient.onPort(port);
    }

    protected static String coordinator() {
        return TestIdentity.coordinator("aurora", "aurora-miami");
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Moves the clock to the next {@code time} in Miami at least {@code daysAhead} days from now. */
    protected static Instant nextMiami(int daysAhead, LocalTime time) {
        LocalDate today = CLOCK.instant().atZone(MIAMI).toLocalDate();
        Instant at = today.plusDays(daysAhead).atTime(time).atZone(MIAMI).toInstant();
        return at.isAfter(CLOCK.instant()) ? at : today.plusDays(daysAhead + 1).atTime(time).atZone(MIAMI).toInstant();
    }

    /** Daytime in Miami, so that what is due now is not held back by quiet hours. */
    protected static void goToNextMorning() {
        CLOCK.advanceTo(nextMiami(1, LocalTime.of(10, 0)));
    }

    @Autowired
    private MongoTemplate database;

    /**
     * The patient as notifications' local model has it once records' {@code patient.registered} was heard (without
     * the welcome e-mail the event also causes, which would disturb what a test counts).
     */
    protected void knownPatient(String patientId) {
        database.getCollection("known_patients").insertOne(new Document("_id", "aurora|" + patientId).append("tenantId", "aurora")
                .append("locationId", "aurora-miami").append("registeredAt", new java.util.Date()).append("_v", 1L)
                .append("_outbox", List.of()));
    }

    /** The patient's messages; none (yet) for an id the service has not heard of, which the API answers with 404. */
    protected List<JsonNode> messagesOf(String patientId) {
        ApiClient.Answer answer = api().get("/api/notifications/v1/patients/" + patientId + "/messages?size=200").token(coordinator()).send();
        if (answer.status() == 404) {
            return List.of();
        }
        if (answer.status() != 200) {
            throw new AssertionError(answer.toString());
        }
        List<JsonNode> list = new ArrayList<>();
        answer.json().get("items").forEach(list::add);
        return list;
    }

    protected JsonNode message(String patientId, String id) {
        return messagesOf(patientId).stream().filter(m -> m.get("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + id + " for " + patientId));
    }

    protected String statusOf(String patientId, String id) {
        return messagesOf(patientId).stream().filter(m -> m.get("id").asString().equals(id))
                .map(m -> m.get("status").asString()).findFirst().orElse("ABSENT");
    }
}
