package health.liaison.notifications.templates;

import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Shows a coordinator exactly what a patient would receive, with sample values. A template that does not exist is
 * 404; one that needs a value not supplied is 422, naming the variable, never a half-rendered text.
 */
@RestController
class TemplatePreview {

    private final MessageTemplates templates;

    TemplatePreview(MessageTemplates templates) {
        this.templates = templates;
    }

    @Operation(summary = "Render a message template with the given variables")
    @PostMapping("/api/notifications/v1/templates/preview")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    Rendered preview(@Valid @RequestBody PreviewRequest request) {
        if (!request.language().matches("[a-z]{2}") || !request.kind().matches("[A-Z_]+")
                || !templates.exists(request.kind(), request.channel(), request.language())) {
            throw ApiProblem.notFound("template");
        }
        try {
            return templates.render(request.kind(), request.channel(), request.language(), request.variables());
        } catch (TemplateFailure failure) {
            throw ApiProblem.unprocessable("template-render-failed", failure.getMessage());
        }
    }

    record PreviewRequest(@NotBlank String kind, @NotBlank @Pattern(regexp = "EMAIL|SMS") String channel,
                          @NotBlank String language, @NotNull Map<String, String> variables) {
    }
}
