package health.liaison.gateway;

import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * One gateway on a random port for every IT in this module, with real HTTP servers behind it for each area (two
 * for inventory, to see load balancing), real signed JWTs from {@link TestIdentity} and the rate-limit counters in
 * the in-JVM MongoDB server. Timeouts are short here so "slow" and "down" can be proven quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
abstract class GatewayITSupport {

    static final Backend SCHEDULING = new Backend("scheduling", "scheduling-1");
    static final Backend RECORDS = new Backend("records", "records-1");
    static final Backend BILLING = new Backend("billing", "billing-1");
    static final Backend INVENTORY_A = new Backend("inventory", "inventory-a");
    static final Backend INVENTORY_B = new Backend("inventory", "inventory-b");
    static final Backend NOTIFICATIONS = new Backend("notifications", "notifications-1");
    static final Backend INSIGHTS = new Backend("insights", "insights-1");

    static final int PER_USER = 10;
    static final java.time.Duration RATE_WINDOW = java.time.Duration.ofHours(1);
    static final int PER_TENANT = 30;
    static final Duration READ_TIMEOUT = Duration.ofMillis(800);
    static final Duration WRITE_TIMEOUT = Duration.ofMillis(2500);
    static final int BILLING_MAX_CONCURRENT = 4;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gatewayUnderTest(DynamicPropertyRegistry registry) {
        registry.add("liaison.routes.scheduling.uri", SCHEDULING::uri);
        registry.add("liaison.routes.records.uri", RECORDS::uri);
        registry.add("liaison.routes.billing.uri", BILLING::uri);
        registry.add("liaison.routes.inventory.uri", () -> INVENTORY_A.uri() + "," + INVENTORY_B.uri());
        registry.add("liaison.routes.notifications.uri", NOTIFICATIONS::uri);
        registry.add("liaison.routes.insights.uri", INSIGHTS::uri);
        registry.add("spring.mongodb.uri", () -> TestInfrastructure.get().mongoConnectionString());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdentity::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIdentity::jwkSetUri);
        registry.add("liaison.rate-limit.per-user", () -> PER_USER);
        registry.add("liaison.rate-limit.per-tenant", () -> PER_TENANT);
        // long enough that a test's burst never straddles two windows (a 1 min window let one in 15 runs see a reset)
        registry.add("liaison.rate-limit.window", () -> RATE_WINDOW.toSeconds() + "s");
        registry.add("liaison.resilience.read-timeout", () -> READ_TIMEOUT.toMillis() + "ms");
        registry.add("liaison.resilience.write-timeout", () -> WRITE_TIMEOUT.toMillis() + "ms");
        registry.add("liaison.resilience.areas.billing.max-concurrent", () -> BILLING_MAX_CONCURRENT);
        registry.add("liaison.resilience.wait-in-open-state", () -> "1s");
        registry.add("liaison.resilience.minimum-calls", () -> "4");
        registry.add("liaison.resilience.sliding-window-size", () -> "4");
        registry.add("liaison.cors.allowed-origins", () -> "https://app.liaison.test");
        registry.add("management.tracing.sampling.probability", () -> "1.0");
        registry.add("logging.structured.format.console", () -> "");
        registry.add("management.server.port", () -> "0");
    }

    /** A token for a fresh user of a fresh practice group, so tests never share a rate-limit allowance. */
    static TestIdentity.Token freshUser(String... roles) {
        return TestIdentity.token()
                .subject("user-" + UUID.randomUUID())
                .tenant("group-" + UUID.randomUUID())
                .roles(roles);
    }

    URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The gateway's actuator listens on its own management port; the public port answers /actuator/* with 404. */
    @LocalManagementPort
    int managementPort;

    HttpResponse<String> management(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
