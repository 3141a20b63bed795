package health.liaison.records.notes;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Patient;
import health.liaison.platform.privacy.FieldCipher;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Clinical notes: append-only. A correction is an addendum that points at the note it corrects; there is no
 * endpoint that edits or deletes a note (PUT and DELETE answer 405).
 */
@RestController
@RequestMapping("/api/records/v1/patients/{patientId}/notes")
class ClinicalNotes {

    private static final String FIELD = "clinical-note";

    private final TenantStore<ClinicalNote> notes;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final Clock clock;

    ClinicalNotes(TenantStores stores, ChartAccess access, FieldCipher cipher, Clock clock) {
        this.notes = stores.of(ClinicalNote.class, "clinical_notes", "note");
        this.access = access;
        this.cipher = cipher;
        this.clock = clock;
    }

    record WriteNote(@NotBlank @Size(max = 20000) String text,
                     @Pattern(regexp = "CONSULTATION|PRE_OP|OPERATIVE|POST_OP|PHONE|OTHER",
                             message = "must be CONSULTATION, PRE_OP, OPERATIVE, POST_OP, PHONE or OTHER") String kind) {
        @Override
        public String toString() {
            return "WriteNote[redacted]";
        }
    }

    record NoteView(String id, String addendumTo, String kind, String text, String authorId, Instant writtenAt) {
    }

    @Operation(summary = "Write a clinical note (append-only)")
    @PostMapping
    ResponseEntity<NoteView> write(@PathVariable String patientId, @Valid @RequestBody WriteNote request) {
        Patient patient = access.open(patientId, "WRITE_NOTE", Section.CLINICAL_WRITE).value();
        return ResponseEntity.status(HttpStatus.CREATED).body(store(patient, null,
                request.kind() == null ? "OTHER" : request.kind(), request.text()));
    }

    @Operation(summary = "Add an addendum to a note: the way to correct or complete it")
    @PostMapping("/{noteId}/addenda")
    ResponseEntity<NoteView> addendum(@PathVariable String patientId, @PathVariable String noteId,
                                      @Valid @RequestBody WriteNote request) {
        Patient patient = access.open(patientId, "WRITE_NOTE", Section.CLINICAL_WRITE, "addendum to " + noteId).value();
        ClinicalNote original = notes.find(noteId).filter(n -> n.value().patientId().equals(patientId))
                .orElseThrow(() -> ApiProblem.notFound("note")).value();
        if (original.addendumTo() != null) {
            throw ApiProblem.invalid("noteId", "is an addendum; add to the original note " + original.addendumTo());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(store(patient, noteId, "ADDENDUM", request.text()));
    }

    @Operation(summary = "The patient's clinical notes and addenda, oldest first (audited)")
    @GetMapping
    List<NoteView> list(@PathVariable String patientId) {
        access.open(patientId, "READ_NOTES", Section.CLINICAL);
        return notes.find(Criteria.where("patientId").is(patientId), Sort.by("writtenAt", "_id"), 5000).stream()
                .map(this::view).toList();
    }

    @Operation(summary = "One note (audited)")
    @GetMapping("/{noteId}")
    NoteView one(@PathVariable String patientId, @PathVariable String noteId) {
        access.open(patientId, "READ_NOTES", Section.CLINICAL, noteId);
        return notes.find(noteId).filter(n -> n.value().patientId().equals(patientId)).map(n -> view(n.value()))
                .orElseThrow(() -> ApiProblem.notFound("note"));
    }

    private NoteView store(Patient patient, String addendumTo, String kind, String text) {
        String id = UUID.randomUUID().toString();
        ClinicalNote note = new ClinicalNote(id, patient.id(), addendumTo, kind, cipher.seal(text, patient.id(), FIELD),
                Callers.current().userId(), clock.instant());
        notes.insert(note, List.of(), patient.locationId());
        return view(note);
    }

    private NoteView view(ClinicalNote note) {
        return new NoteView(note.id(), note.addendumTo(), note.kind(), cipher.open(note.sealedText(), note.patientId(), FIELD),
                note.authorId(), note.writtenAt());
    }
}
