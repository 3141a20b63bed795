package health.liaison.records.surgeries;

import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.consents.Consents;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A surgery's pre-op checklist and "cleared for surgery", and the consents its patient still needs. */
@RestController
class SurgeriesController {

    private final SurgeryCases cases;
    private final ChartAccess access;
    private final Consents consents;

    SurgeriesController(SurgeryCases cases, ChartAccess access, Consents consents) {
        this.cases = cases;
        this.access = access;
        this.consents = consents;
    }

    record ChecklistView(String appointmentId, String patientId, String locationId, String appointmentTypeId,
                         java.time.Instant start, String status, boolean cleared, List<String> outstanding,
                         java.util.Map<String, SurgeryCase.Tick> done) {
        static ChecklistView of(SurgeryCase c) {
            return new ChecklistView(c.id(), c.patientId(), c.locationId(), c.appointmentTypeId(), c.start(), c.status(),
                    c.cleared(), c.outstanding(), c.checklist());
        }
    }

    @Operation(summary = "A surgery's pre-op checklist: what is done, what is outstanding, cleared or not (audited)")
    @GetMapping("/api/records/v1/surgeries/{appointmentId}/checklist")
    ChecklistView checklist(@PathVariable String appointmentId) {
        SurgeryCase c = cases.find(appointmentId).orElseThrow(() -> access.surgeryNotFound(appointmentId, "READ_CHECKLIST"));
        access.open(c.patientId(), "READ_CHECKLIST", Section.CLINICAL, appointmentId);
        return ChecklistView.of(c);
    }

    @Operation(summary = "The patient's surgeries with their checklists (audited)")
    @GetMapping("/api/records/v1/patients/{patientId}/surgeries")
    List<ChecklistView> ofPatient(@PathVariable String patientId) {
        access.open(patientId, "READ_CHECKLIST", Section.CLINICAL);
        return cases.casesOf(patientId).stream().map(ChecklistView::of).toList();
    }

    record Tick(@Size(max = 500) String note) {
    }

    @Operation(summary = "Tick a checklist item done by the care team (HISTORY_AND_PHYSICAL, LABS; MEDICAL_CLEARANCE by a provider)")
    @PostMapping("/api/records/v1/surgeries/{appointmentId}/checklist/{item}")
    ChecklistView tick(@PathVariable String appointmentId, @PathVariable String item, @Valid @RequestBody(required = false) Tick body) {
        ChecklistItem checklistItem = manual(item);
        SurgeryCase c = cases.find(appointmentId).orElseThrow(() -> access.surgeryNotFound(appointmentId, "TICK_CHECKLIST"));
        access.open(c.patientId(), "TICK_CHECKLIST", Section.CLINICAL_WRITE, appointmentId + " " + item);
        Caller caller = Callers.current();
        return ChecklistView.of(cases.tick(appointmentId, checklistItem, caller.userId(), body == null ? null : body.note())
                .orElseThrow(() -> ApiProblem.notFound("surgery")).value());
    }

    @Operation(summary = "Undo a hand-ticked checklist item (e.g. labs found out of range)")
    @DeleteMapping("/api/records/v1/surgeries/{appointmentId}/checklist/{item}")
    ChecklistView untick(@PathVariable String appointmentId, @PathVariable String item) {
        ChecklistItem checklistItem = manual(item);
        SurgeryCase c = cases.find(appointmentId).orElseThrow(() -> access.surgeryNotFound(appointmentId, "UNTICK_CHECKLIST"));
        access.open(c.patientId(), "UNTICK_CHECKLIST", Section.CLINICAL_WRITE, appointmentId + " " + item);
        return ChecklistView.of(cases.untick(appointmentId, checklistItem).value());
    }

    @Operation(summary = "Consents still missing: for the given consent types, or else for the patient's booked surgeries")
    @GetMapping("/api/records/v1/patients/{patientId}/consents/missing")
    List<Consents.Missing> missing(@PathVariable String patientId, @RequestParam(required = false) List<String> consentTypes) {
        access.open(patientId, "READ_CONSENTS", Section.CLINICAL, "missing consents");
        Set<String> types = new LinkedHashSet<>();
        if (consentTypes != null && !consentTypes.isEmpty()) {
            types.addAll(consentTypes);
        } else {
            cases.openCasesOf(patientId).forEach(c -> types.add(c.appointmentTypeId()));
        }
        return consents.missingFor(patientId, types);
    }

    private static ChecklistItem manual(String item) {
        ChecklistItem checklistItem;
        try {
            checklistItem = ChecklistItem.valueOf(item);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("item", "must be one of HISTORY_AND_PHYSICAL, LABS, MEDICAL_CLEARANCE");
        }
        if (checklistItem.tickedBy.isEmpty()) {
            throw ApiProblem.invalid("item", checklistItem + " follows from the record or another service; it cannot be ticked by hand");
        }
        if (Callers.current().roles().stream().noneMatch(checklistItem.tickedBy::contains)) {
            throw ApiProblem.forbidden(checklistItem + " is ticked by " + String.join(" or ", checklistItem.tickedBy.stream().sorted().toList()));
        }
        return checklistItem;
    }
}
