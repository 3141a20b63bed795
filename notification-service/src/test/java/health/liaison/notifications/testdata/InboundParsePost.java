package health.liaison.notifications.testdata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An e-mail posted as SendGrid's Inbound Parse posts it (its documented default, parsed mode): multipart/form-data
 * with from, to, cc, subject, text, html, envelope (JSON), headers (the raw header block), charsets (JSON),
 * dkim, SPF, spam_score, sender_ip, attachments; and the basic-auth credentials of the configured URL.
 */
public final class InboundParsePost {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, byte[]> fields = new LinkedHashMap<>();
    private final Map<String, String> charsets = new LinkedHashMap<>();
    private String authorization = basic(TestProviders.INBOUND_USER, TestProviders.INBOUND_PASSWORD);
    private byte[] attachment;
    private int attachments;
    private boolean chunked;

    private InboundParsePost() {
    }

    /** An e-mail from {@code from} to {@code to} with a Message-ID header. */
    public static InboundParsePost email(String fromName, String from, String to, String messageId, String subject, String text) {
        InboundParsePost post = new InboundParsePost();
        post.field("headers", """
                Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 27 Jul 2016 20:53:06 +0000 (UTC)
                From: %s <%s>
                Date: Wed, 27 Jul 2016 13:53:05 -0700
                Message-ID:
                 %s
                Subject: %s
                To: %s
                Content-Type: multipart/alternative; boundary=001a113df448cad2d00538a4a1d5
                """.formatted(fromName, from, messageId, subject, to).replace("\n", "\r\n"), StandardCharsets.UTF_8);
        post.field("dkim", "{@gmail.com : pass}", StandardCharsets.UTF_8);
        post.field("to", to, StandardCharsets.UTF_8);
        post.field("html", "<p>" + text + "</p>", StandardCharsets.UTF_8);
        post.field("from", fromName + " <" + from + ">", StandardCharsets.UTF_8);
        post.field("text", text, StandardCharsets.UTF_8);
        post.field("sender_ip", "209.85.223.178", StandardCharsets.UTF_8);
        post.field("spam_report", "Spam detection software has NOT identified this incoming email as spam.", StandardCharsets.UTF_8);
        post.field("envelope", "{\"to\":[\"" + to + "\"],\"from\":\"" + from + "\"}", StandardCharsets.UTF_8);
        post.field("attachments", "0", StandardCharsets.UTF_8);
        post.field("subject", subject, StandardCharsets.UTF_8);
        post.field("spam_score", "0.1", StandardCharsets.UTF_8);
        post.field("SPF", "pass", StandardCharsets.UTF_8);
        return post;
    }

    /** A field in the given character set, named in {@code charsets} as SendGrid does. */
    public InboundParsePost field(String name, String value, Charset charset) {
        fields.put(name, value.getBytes(charset));
        charsets.put(name, charset.name());
        return this;
    }

    public InboundParsePost credentials(String user, String password) {
        this.authorization = user == null ? null : basic(user, password);
        return this;
    }

    /** One attachment of {@code size} bytes (attachment1, as SendGrid names them). */
    public InboundParsePost attachment(int size) {
        return attachments(1, size);
    }

    /** {@code count} attachments of {@code size} bytes each (attachment1, attachment2, …). */
    public InboundParsePost attachments(int count, int size) {
        this.attachment = new byte[size];
        this.attachments = count;
        fields.put("attachments", String.valueOf(count).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sent without a Content-Length (chunked), so only the limits applied while reading can hold. */
    public InboundParsePost chunked() {
        this.chunked = true;
        return this;
    }

    public HttpResponse<String> postTo(int port) {
        String boundary = "xYzZY" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            Map<String, byte[]> all = new LinkedHashMap<>(fields);
            StringBuilder json = new StringBuilder("{");
            charsets.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
            all.put("charsets", json.append('}').toString().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> field : all.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(field.getValue());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 1; i <= attachments; i++) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachment" + i
                        + "\"; filename=\"photo" + i + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(attachment);
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/notifications/v1/inbound/sendgrid/parse"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("User-Agent", "Sendlib/1.0 mx.sendgrid.net")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.toByteArray()))
                        : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
