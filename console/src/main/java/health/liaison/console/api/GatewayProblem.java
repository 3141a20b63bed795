package health.liaison.console.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 problem the API answered: status, title, detail and the fields at fault, ready to be shown as a
 * readable message on the page. Never carries a stack trace; the API sends none.
 */
public class GatewayProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;

    public record FieldError(String field, String message) {
    }

    GatewayProblem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(status + " " + type);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    static GatewayProblem read(int status, byte[] body, JsonMapper json) {
        try {
            JsonNode problem = json.readTree(body);
            List<FieldError> errors = new ArrayList<>();
            JsonNode fieldErrors = problem.path("errors");
            if (fieldErrors.isArray()) {
                for (JsonNode error : fieldErrors) {
                    errors.add(new FieldError(error.path("field").asString(""), error.path("message").asString("")));
                }
            }
            return new GatewayProblem(status, problem.path("type").asString("about:blank"),
                    problem.path("title").asString(null), problem.path("detail").asString(null), errors);
        } catch (RuntimeException notJson) {
            return new GatewayProblem(status, "about:blank", null, null, List.of());
        }
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The problem type's last segment ({@code forbidden}, {@code invalid-request}, ...). */
    public String kind() {
        int slash = type.lastIndexOf('/');
        return slash < 0 ? type : type.substring(slash + 1);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
