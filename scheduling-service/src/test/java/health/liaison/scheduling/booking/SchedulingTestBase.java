package health.liaison.scheduling.booking;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the scheduling integration tests share, so they run in one Spring context with a clock they can move. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"liaison.scheduling.hold-sweep-interval=200ms",
                // one practice group chose to show only busy time in calendar feeds
                "liaison.scheduling.calendar-feed.detail-by-tenant.belmont=BUSY"})
@RealInfrastructure
@Import(SchedulingTestBase.Clocks.class)
abstract class SchedulingTestBase {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MovableClock clock;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final String coordinator = TestIdentity.token().tenant("aurora").locations("aurora-miami", "aurora-beverly-hills")
            .roles("COORDINATOR").sign();

    ApiClient api() {
        return ApiClient.onPort(port);
    }

    /** Which clinics each test resource was registered at (the registry needs to know them before booking). */
    private static final java.util.Map<String, java.util.Set<String>> REGISTERED = new java.util.concurrent.ConcurrentHashMap<>();

    void registered(String location, List<String> providers, List<String> rooms) {
        for (String id : providers) {
            register(id, "PROVIDER", id.startsWith("anesthesia") ? "ANESTHESIA" : "SURGEON", location);
        }
        for (String id : rooms) {
            register(id, "ROOM", "OPERATING_ROOM", location);
        }
    }

    synchronized void register(String id, String kind, String role, String location) {
        java.util.Set<String> at = REGISTERED.computeIfAbsent(id, k -> new java.util.TreeSet<>());
        if (at.add(location)) {
            String body = "{\"kind\":\"" + kind + "\",\"role\":\"" + role + "\",\"name\":\"" + id + "\",\"locationIds\":"
                    + array(List.copyOf(at)) + "}";
            ApiClient.Answer answer = api().put("/api/scheduling/v1/resources/" + id, body).token(coordinator).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
    }

    void define(String id, String category, int minutes, int setup, int turnover) {
        ApiClient.Answer answer = api().put("/api/scheduling/v1/appointment-types/" + id, "{\"name\":\"" + id + "\",\"category\":\""
                + category + "\",\"durationMinutes\":" + minutes + ",\"setupMinutes\":" + setup + ",\"turnoverMinutes\":" + turnover + "}")
                .token(coordinator).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    static String array(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
