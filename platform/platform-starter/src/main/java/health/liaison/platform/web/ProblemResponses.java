package health.liaison.platform.web;

import com.mongodb.MongoException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error a service answers is problem+json: Spring MVC's own (404 route, 405, 415, 406...) through the base
 * class, bodies that cannot be read or fields that fail validation as 400 naming the fields, Liaison's
 * {@link ApiProblem}s with their status, and anything unexpected as a bare 500 whose log line carries no request
 * data (exception messages from the database can quote stored values, which may be PHI).
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return problem(problem.status(), problem.toProblemDetail());
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(RuntimeException e) {
        return apiProblem(ApiProblem.forbidden("Your role does not allow this action."));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<ApiProblem.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiProblem.FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return apiProblem(ApiProblem.invalid(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return apiProblem(ApiProblem.invalid(e.getName(), "has the wrong format"));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> storeFailure(DataAccessException e) {
        String code = e.getMostSpecificCause() instanceof MongoException mongo ? String.valueOf(mongo.getCode()) : "n/a";
        log.error("Store failure {} (code {}); message withheld: it may quote stored values", e.getClass().getSimpleName(), code);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The data store could not complete the request. Nothing was changed; try again shortly.");
        body.setType(ApiProblem.typeUri("store-unavailable"));
        body.setTitle("Service unavailable");
        return problem(HttpStatus.SERVICE_UNAVAILABLE, body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected {} at {}", e.getClass().getName(),
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Nothing is known to have changed; if a retry fails too, "
                        + "contact support with the trace id.");
        body.setType(ApiProblem.typeUri("internal-error"));
        body.setTitle("Internal error");
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ApiProblem problem;
        Throwable cause = e.getMostSpecificCause();
        // a value Jackson could not convert (e.g. 1977-02-30 as a date) has a JDK exception as its root cause:
        // the innermost Jackson exception on the chain knows which field it was
        for (Throwable t = e.getCause(); t != null && !(cause instanceof JacksonException); t = t.getCause()) {
            if (t instanceof JacksonException) {
                cause = t;
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem = ApiProblem.invalid(path(unknown), "is not a field of this request");
        } else if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
            problem = ApiProblem.invalid(path(json), "has the wrong type or format");
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            problem = ApiProblem.invalid("body", "is required");
        } else {
            problem = new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    "The request body is not well-formed JSON.", java.util.Map.of());
        }
        return new ResponseEntity<>(problem.toProblemDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new ApiProblem.FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new ApiProblem.FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        return new ResponseEntity<>(ApiProblem.invalid(errors).toProblemDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ApiProblem.FieldProblem(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return new ResponseEntity<>(ApiProblem.invalid(errors).toProblemDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, ProblemDetail body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
