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
 * What reaches notifications without a token: an e-mail's one-click unsubscribe link (RFC 8058: a mail client POSTs
 * to it; a browser GETs it) and the providers' webhooks (POST under /inbound/, which the service checks itself).
 * Nothing else of notifications is opened.
 */
class PublicNotificationPathsIT extends GatewayITSupport {

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(gateway(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void theOneClickUnsubscribePostAndItsPageReachNotificationsWithoutAToken() {
        String token = "eyJ" + UUID.randomUUID().toString().replace("-", "") + ".c2ln";
        String path = "/api/public/v1/notifications/unsubscribe/" + token;
        HttpResponse<String> posted = post(path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(posted.body()).contains("notifications-1");
        assertThat(get(path, null).statusCode()).isEqualTo(200);
        List<LoggedRequest> seen = NOTIFICATIONS.requestsMatching(path);
        assertThat(seen).hasSize(2);
        assertThat(seen.getFirst().getBodyAsString()).isEqualTo("List-Unsubscribe=One-Click");
    }

    @Test
    void theProvidersWebhooksReachNotificationsWithoutATokenAndNothingElseDoes() {
        String path = "/api/notifications/v1/inbound/sendgrid/parse";
        HttpResponse<String> posted = post(path, "multipart/form-data; boundary=xYzZY", "--xYzZY--\r\n");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(NOTIFICATIONS.requestsMatching(path)).hasSize(1);

        assertThat(get("/api/notifications/v1/inbound/sendgrid/parse", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/notifications/v1/inbox?locationId=aurora-miami", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/notifications/v1/patients/p-1/preferences", "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(post("/api/public/v1/notifications/other", "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(post("/api/public/v1/notifications/unsubscribe/a/b", "application/json", "{}").statusCode()).isEqualTo(401);
    }
}
