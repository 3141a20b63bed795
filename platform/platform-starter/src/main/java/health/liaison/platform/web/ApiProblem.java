package health.liaison.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on, answered as RFC 9457 problem+json with a stable {@code type}. Details name the
 * field or rule at fault and never carry patient data, internal names or another practice group's facts.
 */
public class ApiProblem extends RuntimeException {

    public static final String TYPE_BASE = "https://liaison.health/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    /** 404: also what another practice group's caller gets, so existence is never revealed. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No " + what + " with that id exists in your practice group.", Map.of());
    }

    /** 400 naming one field. */
    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ApiProblem invalid(List<FieldProblem> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has " + errors.size() + " invalid field(s): "
                        + String.join(", ", errors.stream().map(FieldProblem::field).toList()) + ".",
                Map.of("errors", errors));
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail, Map.of());
    }

    public static ApiProblem conflict(String type, String detail, Map<String, Object> properties) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail, properties);
    }

    public static ApiProblem unprocessable(String type, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, type, "Unprocessable request", detail, Map.of());
    }

    public static ApiProblem preconditionFailed(String detail) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition failed", detail, Map.of());
    }

    public static ApiProblem preconditionRequired() {
        return new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "Precondition required",
                "Send the ETag you read in an If-Match header, so a stale write cannot overwrite a newer one.", Map.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(typeUri(type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static URI typeUri(String type) {
        return URI.create(TYPE_BASE + type);
    }

    /** One field at fault: its JSON path and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }
}
