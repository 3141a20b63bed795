package health.liaison.notifications.preferences;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.ServiceEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.inquiries.InquiryReceived;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An inquirer's e-mail opt-out: the acknowledgement carries RFC 8058's one-click List-Unsubscribe (an HTTPS link
 * with a signed token, no address or name in it); the mail client's POST records the opt-out (a GET only shows a
 * page, a forged token is a 404); the next acknowledgement to that address is SUPPRESSED (OPTED_OUT) and not sent,
 * in that practice group only.
 */
class EmailUnsubscribeIT extends ServiceUnderTest {

    private static final String RECORDS = "/liaison/patient-records-service";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MongoTemplate mongo;

    Document message(String id) {
        return mongo.findById(id, Document.class, "messages");
    }

    void inquiry(String tenant, String locationId, String inquiryId, String email) {
        TestProviders.inquiryInRecords(inquiryId, "Yolanda Quispe", email, null, "en", "EMAIL");
        ServiceEvents.publish(RECORDS, tenant, locationId, new InquiryReceived(inquiryId, locationId, "WEB_FORM",
                "rhinoplasty", "lead", CLOCK.instant().plus(Duration.ofHours(1)), CLOCK.instant()));
    }

    /** The link as the mail client follows it, sent to this service instead of the public host. */
    HttpResponse<String> call(String method, String link, String body) throws Exception {
        URI local = URI.create(link.replace("https://liaison.test", "http://127.0.0.1:" + port));
        HttpRequest.Builder request = HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(20));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long optOuts() {
        return mongo.count(new Query(Criteria.where("tenantId").exists(true)), "email_opt_outs");
    }

    @Test
    void theOneClickLinkOptsTheAddressOutAndTheNextAcknowledgementIsNotSent() throws Exception {
        goToNextMorning();
        String first = unique("inq"), email = first + "@inquirer.example";
        inquiry("aurora", "aurora-miami", first, email);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();

        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        String header = mail.getHeader("List-Unsubscribe")[0];
        assertThat(header).matches("<https://liaison\\.test/api/public/v1/notifications/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>");
        String link = header.substring(1, header.length() - 1);
        assertThat(link).doesNotContain(first).doesNotContain("inquirer").doesNotContain("Yolanda");

        // a browser (or a link scanner) opening it changes nothing
        long before = optOuts();
        HttpResponse<String> page = call("GET", link, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">");
        assertThat(optOuts()).isEqualTo(before);

        // a forged or tampered token opts nobody out
        String tampered = link.substring(0, link.length() - 2) + (link.endsWith("A") ? "BB" : "AA");
        HttpResponse<String> forged = call("POST", tampered, "List-Unsubscribe=One-Click");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(optOuts()).isEqualTo(before);

        // the mail client's one-click POST, twice (a retry): one opt-out
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> unsubscribed = call("POST", link, "List-Unsubscribe=One-Click");
            assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
            assertThat(unsubscribed.body()).contains("You are unsubscribed");
        }
        assertThat(optOuts()).isEqualTo(before + 1);
        Document optOut = mongo.findOne(new Query(Criteria.where("viaMessageId").is("inquiry-ack-" + first + "-EMAIL")),
                Document.class, "email_opt_outs");
        assertThat(optOut).isNotNull();
        assertThat(optOut.toJson()).doesNotContain(email);

        // the same person inquires again: the acknowledgement is suppressed, visibly, and not sent
        String second = unique("inq");
        inquiry("aurora", "aurora-miami", second, email);
        String id = "inquiry-ack-" + second + "-EMAIL";
        await().atMost(Duration.ofSeconds(20)).until(() -> message(id) != null && "SUPPRESSED".equals(message(id).getString("status")));
        assertThat(message(id).getString("failureReason")).isEqualTo("OPTED_OUT");
        assertThat(TestProviders.mailTo(email)).hasSize(1);

        // another practice group's acknowledgement to that address still goes: the opt-out was from aurora's e-mail
        String elsewhere = unique("inq");
        inquiry("belmont", "belmont-chicago", elsewhere, email);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 2);
        assertThat(message("inquiry-ack-" + elsewhere + "-EMAIL").getString("status")).isEqualTo("SENT");
    }
}
