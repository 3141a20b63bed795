package health.liaison.records.inquiries;

import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The practice website's inquiry form, open without a token (through the gateway at the same path). Every accepted
 * post gets the same {@code 202}, whoever the person is; nothing of what was posted is echoed.
 */
@RestController
class PublicInquiryFormsController {

    static final Map<String, String> RECEIVED = Map.of("status", "received",
            "message", "Thank you. The clinic will contact you.");

    static final String CLIENT_ADDRESS = "X-Liaison-Client-Address";

    private final WebForms forms;

    PublicInquiryFormsController(WebForms forms) {
        this.forms = forms;
    }

    @Operation(summary = "Post the website's inquiry form (no token; rate-limited per client address and per form)")
    @PostMapping(path = "/api/public/v1/inquiry-forms/{formKey}")
    ResponseEntity<?> post(@PathVariable String formKey, HttpServletRequest request) throws IOException {
        long wait = forms.addressOver(clientAddress(request));
        if (wait == 0) {
            if (request.getContentType() == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(request.getContentType()))) {
                throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                        "Post the form as application/json.", Map.of());
            }
            wait = forms.accept(formKey, body(request));
        }
        if (wait > 0) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
                            "Too many posts; retry after " + wait + " seconds.", Map.of()).toProblemDetail());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RECEIVED);
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long limit = forms.maxBody();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(limit);
            }
            return bytes;
        }
    }

    private static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content too large",
                "The form may be at most " + limit + " bytes.", Map.of());
    }

    /**
     * The client as the gateway saw it: {@code X-Liaison-Client-Address}, which the gateway sets on every public path
     * (replacing whatever the client sent); the connection's address when called directly inside the cluster.
     */
    private static String clientAddress(HttpServletRequest request) {
        String address = request.getHeader(CLIENT_ADDRESS);
        return address == null || address.isBlank() ? request.getRemoteAddr() : address.trim();
    }
}
