package health.liaison.records;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.platform.privacy.Keysets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every records integration test shares, so they all run in one Spring context: the service on a random
 * port against the in-JVM Kafka and MongoDB, keysets generated for this run (as an operator would provide them),
 * real JWTs, and a check after each test that the service logged none of the test patients' data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
public abstract class RecordsTestBase {

    static final String AEAD_KEYSET = Keysets.generate("AES256_GCM");
    static final String INDEX_KEYSET = Keysets.generate("HMAC_SHA256_PRF");
    static final String AUDIT_SIGNING_KEYSET = Keysets.generate("ED25519");

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("liaison.records.encryption.keyset", () -> AEAD_KEYSET);
        registry.add("liaison.records.encryption.index-keyset", () -> INDEX_KEYSET);
        registry.add("liaison.records.audit.signing-keyset", () -> AUDIT_SIGNING_KEYSET);
        // the tests checkpoint the audit chains when they mean to (AuditAnchorsIT), not on a timer between two asserts
        registry.add("liaison.records.audit.checkpoint-interval", () -> "PT24H");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoTemplate mongo;

    protected final String run = UUID.randomUUID().toString().substring(0, 8);

    protected final String miamiCoordinator = TestIdentity.token().subject("coord-miami").tenant("aurora")
            .locations("aurora-miami").roles("COORDINATOR").sign();
    protected final String laCoordinator = TestIdentity.token().subject("coord-la").tenant("aurora")
            .locations("aurora-beverly-hills").roles("COORDINATOR").sign();
    protected final String miamiNurse = TestIdentity.token().subject("nurse-miami").tenant("aurora")
            .locations("aurora-miami").roles("NURSE").sign();
    protected final String surgeon = TestIdentity.token().subject("dr-vega").tenant("aurora")
            .locations("aurora-miami", "aurora-beverly-hills").roles("PROVIDER").sign();
    protected final String admin = TestIdentity.token().subject("admin-aurora").tenant("aurora")
            .locations("aurora-miami").roles("ADMIN").sign();
    protected final String billing = TestIdentity.token().subject("billing-aurora").tenant("aurora")
            .locations("aurora-miami").roles("BILLING").sign();
    protected final String belmont = TestIdentity.token().subject("coord-belmont").tenant("belmont")
            .locations("belmont-chicago").roles("COORDINATOR", "ADMIN").sign();

    protected ApiClient api() {
        return ApiClient.onPort(port);
    }

    /** Registers a chart at Miami with this run's marker data; returns its id. */
    protected String register(Phi phi) {
        ApiClient.Answer created = api().post("/api/records/v1/patients", phi.registrationJson("aurora-miami"))
                .token(miamiCoordinator).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    protected long auditCount(String patientId, String outcome, String token) {
        JsonNode entries = api().get("/api/records/v1/audit?limit=1000&patientId=" + patientId).token(token).send().json();
        long n = 0;
        for (JsonNode e : entries) {
            if (outcome == null || outcome.equals(e.get("outcome").asString())) {
                n++;
            }
        }
        return n;
    }

    /** Publishes another service's event on its real topic, as that service's outbox relay does. */
    protected static void publish(String tenant, String locationId, DomainEvent event) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/scheduling-service", tenant, locationId, event));
    }

    @AfterEach
    void noPatientDataInTheLogs(CapturedOutput output) {
        String logs = output.getAll();
        for (String value : Phi.ALL_MARKERS) {
            assertThat(logs).as("the service's log output must not contain patient data").doesNotContain(value);
        }
    }

    protected static List<String> texts(JsonNode array, String field) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(n -> values.add(field == null ? n.asString() : n.get(field).asString()));
        return values;
    }

    protected java.net.http.HttpResponse<byte[]> upload(String patientId, String name, String contentType, byte[] bytes, String token) throws Exception {
        return upload(patientId, name, contentType, bytes, token, "breast-augmentation");
    }

    protected java.net.http.HttpResponse<byte[]> upload(String patientId, String name, String contentType, byte[] bytes, String token,
                                                        String procedure) throws Exception {
        String boundary = "----liaison" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/records/v1/patients/" + patientId
                        + "/files?view=FRONT&procedure=" + procedure + "&takenOn=2026-03-01"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    protected static byte[] pngBytes() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    protected static String sha(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
