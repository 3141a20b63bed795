package health.liaison.records.inquiries;

import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** A clinic's web-form keys, made by an administrator for the practice's website. */
@RestController
@RequestMapping("/api/records/v1/inquiry-forms")
@PreAuthorize("hasRole('ADMIN')")
class InquiryFormsController {

    private final WebForms forms;

    InquiryFormsController(WebForms forms) {
        this.forms = forms;
    }

    record NewForm(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId) {
    }

    record FormView(String formKey, String locationId, String postTo) {
        static FormView of(InquiryForm form) {
            return new FormView(form.id(), form.locationId(), "/api/public/v1/inquiry-forms/" + form.id());
        }
    }

    @Operation(summary = "Make a web-form key for one of your clinics (ADMIN)")
    @PostMapping
    ResponseEntity<FormView> create(@Valid @RequestBody NewForm request) {
        if (!Callers.current().worksAt(request.locationId()) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(FormView.of(forms.create(request.locationId())));
    }

    @Operation(summary = "Your practice group's web-form keys (ADMIN)")
    @GetMapping
    List<FormView> list() {
        return forms.list().stream().map(FormView::of).toList();
    }
}
