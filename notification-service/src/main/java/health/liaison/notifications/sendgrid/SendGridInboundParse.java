package health.liaison.notifications.sendgrid;

import health.liaison.notifications.inbound.EmailReplies;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SendGrid's Inbound Parse webhook: each e-mail to a clinic's inbound address (on the domain whose MX points at
 * mx.sendgrid.net) posted as multipart/form-data with the fields {@code from}, {@code to}, {@code cc},
 * {@code subject}, {@code text}, {@code html}, {@code envelope} (JSON: {@code to}, {@code from}), {@code headers} (the
 * raw header block, where the Message-ID is), {@code charsets} (JSON: each field's character set) and attachments
 * (not kept); with "POST the raw, full MIME message" set, {@code email} holds the whole message instead.
 *
 * <p>In this order: the basic-auth credentials of the URL ({@link InboundParseCredentials}; wrong or missing → 401
 * and nothing is read or stored), the size ({@code liaison.notifications.sendgrid.inbound-max-bytes}; over → 413,
 * before and while the body is read), then the fields, handed to {@link EmailReplies}. SendGrid retries only on a
 * 5XX, so a refused post is not sent again; a post records cannot take now still answers 200 (the e-mail waits in
 * the inbox). Problems name the field, never its content.
 */
@RestController
class SendGridInboundParse {

    static final String PATH = "/api/notifications/v1/inbound/sendgrid/parse";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("from", "to", "cc", "subject", "text", "html", "envelope", "headers",
            "charsets", "email", "SPF", "dkim");

    private final InboundParseCredentials credentials;
    private final long maxBytes;
    private final EmailReplies replies;

    SendGridInboundParse(@Value("${liaison.notifications.sendgrid.inbound-username:sendgrid-inbound}") String username,
                         @Value("${liaison.notifications.sendgrid.inbound-password:}") String password,
                         @Value("${liaison.notifications.sendgrid.inbound-max-bytes:1MB}") DataSize maxBytes,
                         EmailReplies replies) {
        this.credentials = new InboundParseCredentials(username, password);
        this.maxBytes = maxBytes.toBytes();
        this.replies = replies;
    }

    record Received(String outcome) {
    }

    @Operation(summary = "Webhook: SendGrid Inbound Parse (multipart/form-data, basic auth in the configured URL): an e-mail to a clinic")
    @PostMapping(path = PATH)
    Received parse(HttpServletRequest request, HttpServletResponse response,
                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!credentials.matches(authorization)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sendgrid-inbound-parse\", charset=\"UTF-8\"");
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Unauthorized",
                    "The inbound e-mail webhook's credentials are missing or wrong.", Map.of());
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            throw ApiProblem.invalid("Content-Type", "must be multipart/form-data");
        }
        Map<String, byte[]> fields = fields(request);
        Map<String, Charset> charsets = charsets(fields.get("charsets"));
        EmailReplies.Outcome outcome = replies.mailReceived(fields.containsKey("email")
                ? RawMimeEmail.read(fields.get("email"))
                : fromParsedFields(fields, charsets));
        return new Received(outcome.name());
    }

    /** The form fields SendGrid sends (attachments and unknown fields are not read), each at most the post's limit. */
    private Map<String, byte[]> fields(HttpServletRequest request) {
        Map<String, byte[]> fields = new HashMap<>();
        try {
            for (Part part : request.getParts()) {
                if (part.getSubmittedFileName() != null || !FIELDS.contains(part.getName())) {
                    continue;
                }
                try (InputStream in = part.getInputStream()) {
                    fields.put(part.getName(), in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8)));
                }
            }
        } catch (IllegalStateException | MultipartException overLimit) {
            // Tomcat and Spring report a post or part over the multipart limits this way
            throw tooLarge();
        } catch (IOException | ServletException unreadable) {
            throw ApiProblem.invalid("body", "is not a readable multipart/form-data post");
        }
        return fields;
    }

    private EmailReplies.IncomingEmail fromParsedFields(Map<String, byte[]> fields, Map<String, Charset> charsets) {
        String from = field(fields, charsets, "from");
        if (from == null) {
            throw ApiProblem.invalid("from", "is required");
        }
        Set<String> recipients = new LinkedHashSet<>();
        String envelope = field(fields, charsets, "envelope");
        String returnPath = null;
        if (envelope != null) {
            try {
                JsonNode smtp = JSON.readTree(envelope);
                returnPath = smtp.path("from").asString(null);
                JsonNode to = smtp.path("to");
                if (to.isArray()) {
                    to.forEach(address -> recipients.add(address.asString().trim().toLowerCase(Locale.ROOT)));
                } else if (to.isString()) {
                    recipients.add(to.asString().trim().toLowerCase(Locale.ROOT));
                }
            } catch (JacksonException e) {
                throw ApiProblem.invalid("envelope", "is not the SMTP envelope as JSON");
            }
        }
        recipients.addAll(RawMimeEmail.addresses(field(fields, charsets, "to"), "to"));
        recipients.addAll(RawMimeEmail.addresses(field(fields, charsets, "cc"), "cc"));
        String text = field(fields, charsets, "text");
        if (text == null) {
            text = HtmlText.of(field(fields, charsets, "html"));
        }
        return new EmailReplies.IncomingEmail(List.copyOf(recipients), from, field(fields, charsets, "subject"), text,
                messageIdOf(field(fields, charsets, "headers")),
                authenticated(from, returnPath, field(fields, charsets, "SPF"), field(fields, charsets, "dkim")));
    }

    /**
     * SendGrid's word on the From address's domain, aligned as DMARC aligns it: {@code dkim} names that domain with
     * "pass" (e.g. {@code {@gmail.com : pass}}), or {@code SPF} is "pass" for a return path ({@code envelope.from})
     * of that domain; null when SendGrid sent neither field.
     */
    static Boolean authenticated(String from, String returnPath, String spf, String dkim) {
        if (spf == null && dkim == null) {
            return null;
        }
        String domain = domainOf(EmailReplies.plainAddress(from).orElse(""));
        if (domain.isEmpty()) {
            return false;
        }
        boolean dkimPass = dkim != null && dkim.toLowerCase(Locale.ROOT).replace(" ", "").contains("@" + domain + ":pass");
        boolean spfPass = spf != null && "pass".equalsIgnoreCase(spf.trim())
                && domain.equals(domainOf(EmailReplies.plainAddress(returnPath).orElse("")));
        return dkimPass || spfPass;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    /** The Message-ID header of the raw header block (header lines may be folded onto the next ones). */
    static String messageIdOf(String headers) {
        if (headers == null) {
            return null;
        }
        String[] lines = headers.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Message-ID:", 0, 11)) {
                StringBuilder value = new StringBuilder(lines[i].substring(11));
                while (i + 1 < lines.length && !lines[i + 1].isEmpty() && Character.isWhitespace(lines[i + 1].charAt(0))) {
                    value.append(lines[++i].trim());
                }
                String id = value.toString().trim();
                return id.isEmpty() || id.length() > 998 ? null : id;
            }
        }
        return null;
    }

    private static String field(Map<String, byte[]> fields, Map<String, Charset> charsets, String name) {
        byte[] value = fields.get(name);
        return value == null ? null : new String(value, charsets.getOrDefault(name, StandardCharsets.UTF_8));
    }

    /** {@code charsets}: which character set each field was sent in (UTF-8 when it names none or an unknown one). */
    private static Map<String, Charset> charsets(byte[] json) {
        Map<String, Charset> charsets = new HashMap<>();
        if (json == null) {
            return charsets;
        }
        try {
            JsonNode node = JSON.readTree(json);
            for (String name : FIELDS) {
                String charset = node.path(name).asString(null);
                if (charset != null) {
                    try {
                        charsets.put(name, Charset.forName(charset.trim()));
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
                        // read as UTF-8
                    }
                }
            }
        } catch (JacksonException e) {
            throw ApiProblem.invalid("charsets", "is not a JSON object of character sets");
        }
        return charsets;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content too large",
                "The inbound e-mail post exceeds " + maxBytes + " bytes.", Map.of("field", "body"));
    }
}
