package health.liaison.console.chart;

import health.liaison.console.api.ConsentsApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A chart's consents: those signed and revoked, those still missing (for the booked surgeries, or a type asked for),
 * and signing one on the form's current text. The records service decides who may read and sign.
 */
@Controller
class ConsentsController {

    private final ConsentsApi consents;

    ConsentsController(ConsentsApi consents) {
        this.consents = consents;
    }

    @GetMapping("/patients/{patientId}/consents")
    String consents(@PathVariable String patientId, @RequestParam(required = false) String consentType, Model model) {
        List<String> types = new ArrayList<>();
        if (consentType != null && !consentType.isBlank()) {
            types.add(consentType);
        }
        model.addAttribute("patientId", patientId);
        model.addAttribute("consentType", consentType);
        model.addAttribute("signatures", consents.signatures(patientId));
        model.addAttribute("missing", consents.missing(patientId, types));
        return "chart/consents";
    }

    /** The form to sign: the current version's text, as the patient reads it, and its hash carried with the signature. */
    @GetMapping("/patients/{patientId}/consents/sign")
    String form(@PathVariable String patientId, @RequestParam String consentType, Model model) {
        List<ConsentsApi.Form> forms = consents.forms(consentType);
        model.addAttribute("patientId", patientId);
        model.addAttribute("consentType", consentType);
        model.addAttribute("form", forms.isEmpty() ? null : forms.getFirst());
        model.addAttribute("idempotencyKey", UUID.randomUUID());
        return "chart/consent-sign";
    }

    @PostMapping("/patients/{patientId}/consents")
    String sign(@PathVariable String patientId, @RequestParam String templateId, @RequestParam String textSha256,
                @RequestParam String consentType, @RequestParam String signerName,
                @RequestParam String signerRelationship, @RequestParam UUID idempotencyKey) {
        consents.sign(patientId, templateId, textSha256, signerName, signerRelationship, idempotencyKey);
        return "redirect:/patients/" + patientId + "/consents?consentType=" + consentType;
    }
}
