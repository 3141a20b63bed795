package health.liaison.gateway;

import com.jayway.jsonpath.JsonPath;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityAtTheEdgeIT extends GatewayITSupport {

    @Test
    void aValidTokenReachesTheServiceWithTheAuthorizationHeaderUnchanged() {
        String token = freshUser("COORDINATOR").sign();

        HttpResponse<String> response = get("/api/scheduling/v1/appointments", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("scheduling-1");
        assertThat(SCHEDULING.requestsMatching("/api/scheduling/v1/appointments"))
                .anySatisfy(seen -> assertThat(seen.getHeader("Authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void aMissingTokenIsUnauthorized() {
        assertUnauthorized(get("/api/scheduling/v1/appointments", null));
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        assertUnauthorized(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").lifetime(Duration.ofMinutes(-5)).sign()));
    }

    @Test
    void aTokenIsRefusedAFewSecondsAfterItsExpiry() {
        // Spring's default clock skew (60 s) would still let this one in
        assertUnauthorized(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").lifetime(Duration.ofSeconds(-15)).sign()));
    }

    @Test
    void aTokenSignedByAStrangerIsUnauthorized() {
        assertUnauthorized(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").signedByStranger().sign()));
    }

    @Test
    void aTokenFromAnotherIssuerIsUnauthorized() {
        assertUnauthorized(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").issuer("http://other").sign()));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        assertUnauthorized(get("/api/scheduling/v1/appointments", freshUser("COORDINATOR").audience("some-other-api").sign()));
    }

    @Test
    void aRoleWithoutTheRightIsForbiddenAndTheServiceNeverSeesTheCall() {
        String path = "/api/billing/v1/invoices/forbidden-" + System.nanoTime();

        HttpResponse<String> patient = get(path, freshUser("PATIENT").sign());
        HttpResponse<String> nurse = get(path, freshUser("NURSE").sign());

        for (HttpResponse<String> response : java.util.List.of(patient, nurse)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("https://liaison.health/problems/forbidden");
        }
        assertThat(BILLING.requestsMatching(path)).isEmpty();
        assertThat(get(path, freshUser("BILLING").sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void aPatientReachesOnlyRecordsSchedulingAndNotifications() {
        String patient = freshUser("PATIENT").sign();

        assertThat(get("/api/records/v1/patients/me", patient).statusCode()).isEqualTo(200);
        assertThat(get("/api/scheduling/v1/appointments", patient).statusCode()).isEqualTo(200);
        assertThat(get("/api/notifications/v1/preferences", patient).statusCode()).isEqualTo(200);
        assertThat(get("/api/inventory/v1/items", patient).statusCode()).isEqualTo(403);
        assertThat(get("/api/billing/v1/invoices", patient).statusCode()).isEqualTo(403);
        assertThat(get("/api/insights/v1/flow", patient).statusCode()).isEqualTo(403);
        assertThat(get("/api/insights/v1/flow", freshUser("PROVIDER").sign()).statusCode()).as("staff reach insights").isEqualTo(200);
    }

    @Test
    void aTokenWithoutAnyKnownRoleIsForbidden() {
        assertThat(get("/api/records/v1/patients", TestIdentity.token().roles("JANITOR").sign()).statusCode()).isEqualTo(403);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("https://liaison.health/problems/unauthorized");
        assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(401);
    }
}
