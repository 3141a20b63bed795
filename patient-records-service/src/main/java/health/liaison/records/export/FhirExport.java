package health.liaison.records.export;

import ca.uhn.fhir.context.FhirContext;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.consents.Consents;
import health.liaison.records.consents.SignedConsent;
import health.liaison.records.history.Intake;
import health.liaison.records.history.MedicalHistory;
import health.liaison.records.patients.Charts;
import health.liaison.records.patients.ContactDetails;
import health.liaison.records.patients.Patient;
import health.liaison.records.photos.PhotosAndDocuments;
import io.swagger.v3.oas.annotations.Operation;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;

/**
 * A patient's record as a FHIR R4 Bundle (type collection) for their right of access: Patient,
 * AllergyIntolerance, MedicationStatement, Condition, Consent and DocumentReference resources, built with HAPI FHIR's
 * R4 structures. The export is audited as EXPORT.
 */
@RestController
class FhirExport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String SYSTEM = "urn:liaison:";

    private final ChartAccess access;
    private final Charts charts;
    private final MedicalHistory history;
    private final Consents consents;
    private final PhotosAndDocuments files;
    private final Clock clock;

    FhirExport(ChartAccess access, Charts charts, MedicalHistory history, Consents consents, PhotosAndDocuments files, Clock clock) {
        this.access = access;
        this.charts = charts;
        this.history = history;
        this.consents = consents;
        this.files = files;
        this.clock = clock;
    }

    @Operation(summary = "Export the patient's record as a FHIR R4 Bundle (application/fhir+json; audited)")
    @GetMapping(value = "/api/records/v1/patients/{patientId}/export")
    ResponseEntity<String> export(@PathVariable String patientId) {
        Patient chart = access.open(patientId, "EXPORT", Section.CLINICAL).value();
        Bundle bundle = bundle(chart);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/fhir+json")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"record-" + patientId + ".json\"")
                .body(FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle));
    }

    Bundle bundle(Patient chart) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(Date.from(clock.instant()));
        bundle.setIdentifier(new Identifier().setSystem(SYSTEM + "export").setValue(chart.id() + "-" + clock.millis()));
        String patientRef = "urn:uuid:" + java.util.UUID.nameUUIDFromBytes(chart.id().getBytes()).toString();
        add(bundle, patientRef, patient(chart));
        Reference subject = new Reference(patientRef);
        history.currentIntake(chart.id()).ifPresent(intake -> {
            int n = 0;
            for (Intake.Allergy a : nz(intake.allergies())) {
                AllergyIntolerance allergy = new AllergyIntolerance().setPatient(subject);
                allergy.setCode(new CodeableConcept().setText(a.substance()));
                allergy.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"));
                if (a.severity() != null) {
                    allergy.addReaction().setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.fromCode(a.severity().toLowerCase()))
                            .addManifestation(new CodeableConcept().setText(a.reaction() == null ? a.substance() : a.reaction()));
                }
                add(bundle, ref(chart, "allergy", n++), allergy);
            }
            n = 0;
            for (Intake.Medication m : nz(intake.medications())) {
                MedicationStatement statement = new MedicationStatement().setSubject(subject)
                        .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                        .setMedication(new CodeableConcept().setText(m.name()));
                if (m.dose() != null || m.frequency() != null) {
                    statement.addDosage().setText(String.join(" ", m.dose() == null ? "" : m.dose(),
                            m.frequency() == null ? "" : m.frequency()).trim());
                }
                add(bundle, ref(chart, "medication", n++), statement);
            }
            n = 0;
            for (Intake.Condition c : nz(intake.conditions())) {
                Condition condition = new Condition().setSubject(subject);
                CodeableConcept code = new CodeableConcept().setText(c.name());
                if (c.icd10() != null) {
                    code.addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", c.icd10(), c.name()));
                }
                condition.setCode(code);
                condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "RESOLVED".equals(c.status()) ? "resolved" : "active"));
                add(bundle, ref(chart, "condition", n++), condition);
            }
        });
        for (SignedConsent signed : consents.signed(chart.id(), false)) {
            Consent consent = new Consent()
                    .setStatus(SignedConsent.SIGNED.equals(signed.status()) ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE)
                    .setScope(concept("http://terminology.hl7.org/CodeSystem/consentscope", "treatment"))
                    .setPatient(subject).setDateTime(Date.from(signed.signedAt()));
            consent.addCategory(concept("http://loinc.org", "59284-0"));
            consent.addPolicy().setUri(SYSTEM + "consent-template:" + signed.templateId());
            consent.setSource(new Attachment().setTitle(signed.consentType() + " v" + signed.templateVersion())
                    .setHash(java.util.HexFormat.of().parseHex(signed.textSha256())));
            add(bundle, ref(chart, "consent-" + signed.id(), 0), consent);
        }
        for (PhotosAndDocuments.FileView file : files.files(chart.id())) {
            DocumentReference document = new DocumentReference()
                    .setStatus(Enumerations.DocumentReferenceStatus.CURRENT).setSubject(subject)
                    .setDate(Date.from(file.uploadedAt()));
            document.setType(new CodeableConcept().setText("PHOTO".equals(file.kind())
                    ? "Clinical photograph" + (file.view() == null ? "" : " (" + file.view().toLowerCase() + ")")
                    : "Document"));
            document.addContent().setAttachment(new Attachment().setContentType(file.contentType())
                    .setSize((int) file.size()).setUrl("/api/records/v1/patients/" + chart.id() + "/files/" + file.id()));
            add(bundle, ref(chart, "file-" + file.id(), 0), document);
        }
        return bundle;
    }

    private org.hl7.fhir.r4.model.Patient patient(Patient chart) {
        ContactDetails contact = charts.contactOf(chart);
        org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
        patient.addIdentifier().setSystem(SYSTEM + "patient").setValue(chart.id());
        patient.addName(new HumanName().setFamily(chart.lastName()).addGiven(chart.firstName()));
        patient.setBirthDate(Date.from(chart.dateOfBirth().atStartOfDay(ZoneOffset.UTC).toInstant()));
        patient.setActive(chart.active());
        if (contact != null) {
            if (contact.email() != null) {
                patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(contact.email());
            }
            if (contact.phone() != null) {
                patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(contact.phone());
            }
            if (contact.address() != null) {
                ContactDetails.Address a = contact.address();
                patient.addAddress().addLine(a.line1()).setCity(a.city()).setState(a.region()).setPostalCode(a.postalCode())
                        .setCountry(a.country());
            }
        }
        patient.addCommunication().setLanguage(new CodeableConcept(new Coding("urn:ietf:bcp:47", chart.preferredLanguage(), null)))
                .setPreferred(true);
        return patient;
    }

    private static String ref(Patient chart, String what, int n) {
        return "urn:uuid:" + java.util.UUID.nameUUIDFromBytes((chart.id() + "/" + what + "/" + n).getBytes());
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static <T> java.util.List<T> nz(java.util.List<T> list) {
        return list == null ? java.util.List.of() : list;
    }
}
