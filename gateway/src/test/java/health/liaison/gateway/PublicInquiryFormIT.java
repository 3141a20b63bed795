package health.liaison.gateway;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one API path open without a token: a practice website's inquiry form goes to records, with the client's address
 * in X-Liaison-Client-Address (records limits per that address), whatever the client claimed; anything else under
 * /api/public is refused.
 */
class PublicInquiryFormIT extends GatewayITSupport {

    HttpResponse<String> post(String path, String body, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor).header("X-Liaison-Client-Address", forwardedFor);
        }
        return send(request.build());
    }

    @Test
    void aFormPostReachesRecordsWithoutATokenWithTheConnectionsAddressNotTheClaimedOne() {
        String key = "f" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> answer = post("/api/public/v1/inquiry-forms/" + key, "{\"name\":\"Ana\"}", "192.0.2.99");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("records-1");
        List<LoggedRequest> seen = RECORDS.requestsMatching("/api/public/v1/inquiry-forms/" + key);
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().getHeader("X-Liaison-Client-Address")).as("the connection's address, not the claimed one")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void onlyPostingAFormIsOpen() {
        assertThat(get("/api/public/v1/inquiry-forms/fabc", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/public/v1/other", "{}", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/records/v1/inquiries", "{}", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/public/v1/inquiry-forms/fabc", "{\"message\":\"" + "x".repeat(20_000) + "\"}", null).statusCode())
                .isEqualTo(413);
    }
}
