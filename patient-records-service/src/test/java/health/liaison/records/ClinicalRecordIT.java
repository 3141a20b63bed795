package health.liaison.records;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The clinical record: history versions, append-only notes, consents, photos, and the FHIR export. */
class ClinicalRecordIT extends RecordsTestBase {

    static final String INTAKE = """
            {"conditions":[{"name":"%s","icd10":"I10","status":"ACTIVE"}],
             "allergies":[{"substance":"Penicillin","reaction":"Hives","severity":"MODERATE"}],
             "medications":[{"name":"%s 5 mg","dose":"5 mg","frequency":"daily"},{"name":"Ozempic","dose":"0.5 mg","frequency":"weekly"},
                            {"name":"Vitamin D","dose":"1000 IU","frequency":"daily"}],
             "priorSurgeries":[{"procedure":"Appendectomy","year":2004}],
             "smoking":"FORMER","vaping":false,"heightCm":165.0,"weightKg":68.5,"pregnancy":"NOT_PREGNANT"}"""
            .formatted(Phi.CONDITION_MARKER, Phi.MEDICATION_MARKER);

    @Test
    void medicalHistoryIsVersionedSealedWithWhoAndWhenAndComputesBmiAndTheStopList() {
        String id = register(Phi.fresh());
        String path = "/api/records/v1/patients/" + id + "/medical-history";
        ApiClient.Answer first = api().post(path, INTAKE).token(miamiNurse).send();
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.json().get("bmi").decimalValue()).isEqualByComparingTo("25.2");
        JsonNode stop = first.json().get("preOpStopList");
        assertThat(texts(stop, "drugClass")).containsExactly("anticoagulant", "GLP-1 agonist (weekly)");
        assertThat(stop.get(0).get("stopDaysBefore").asInt()).isEqualTo(5);

        // a second version without naming the first, or based on a stale one, is refused
        assertThat(api().post(path, INTAKE).token(surgeon).send().status()).isEqualTo(428);
        ApiClient.Answer second = api().post(path, INTAKE.replace("FORMER", "NEVER")).token(surgeon).header("If-Match", "\"1\"").send();
        assertThat(second.status()).isEqualTo(201);
        assertThat(api().post(path, INTAKE).token(miamiNurse).header("If-Match", "\"1\"").send().status()).isEqualTo(412);

        JsonNode versions = api().get(path + "/versions").token(miamiCoordinator).send().json();
        assertThat(texts(versions, "recordedBy")).containsExactly("nurse-miami", "dr-vega");
        assertThat(api().get(path).token(miamiCoordinator).send().json().get("intake").get("smoking").asString()).isEqualTo("NEVER");
        assertThat(api().get(path + "/versions/1").token(miamiCoordinator).send().json().get("intake").get("smoking").asString()).isEqualTo("FORMER");

        for (Document doc : mongo.getCollection("medical_histories").find(new Document("patientId", id))) {
            assertThat(doc.toJson()).doesNotContain(Phi.MEDICATION_MARKER).doesNotContain(Phi.CONDITION_MARKER)
                    .doesNotContain("Penicillin").doesNotContain("Ozempic");
        }
        ApiClient.Answer bad = api().post(path, INTAKE.replace("165.0", "16500").replace("\"FORMER\"", "\"SOMETIMES\""))
                .token(miamiNurse).header("If-Match", "\"2\"").send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("heightCm").contains("smoking");
    }

    @Test
    void clinicalNotesAreAppendOnlyWithAddendaAndSealedAtRest() {
        String id = register(Phi.fresh());
        String path = "/api/records/v1/patients/" + id + "/notes";
        ApiClient.Answer note = api().post(path, "{\"text\":\"" + Phi.NOTE_MARKER + " consult, wants 350cc\",\"kind\":\"CONSULTATION\"}")
                .token(surgeon).send();
        assertThat(note.status()).isEqualTo(201);
        String noteId = note.json().get("id").asString();
        ApiClient.Answer addendum = api().post(path + "/" + noteId + "/addenda", "{\"text\":\"" + Phi.NOTE_MARKER + " correction: 325cc\"}")
                .token(surgeon).send();
        assertThat(addendum.status()).isEqualTo(201);
        assertThat(api().put(path + "/" + noteId, "{\"text\":\"rewritten\"}").token(surgeon).send().status()).isEqualTo(405);
        assertThat(api().delete(path + "/" + noteId).token(admin).send().status()).isEqualTo(405);
        JsonNode notes = api().get(path).token(miamiNurse).send().json();
        assertThat(texts(notes, "kind")).containsExactly("CONSULTATION", "ADDENDUM");
        assertThat(notes.get(1).get("addendumTo").asString()).isEqualTo(noteId);
        assertThat(notes.get(0).get("text").asString()).contains("350cc");
        assertThat(mongo.getCollection("clinical_notes").find(new Document("patientId", id)).into(new java.util.ArrayList<>()).toString())
                .doesNotContain(Phi.NOTE_MARKER).doesNotContain("350cc");
        assertThat(api().post(path, "{\"text\":\"\"}").token(surgeon).send().body()).contains("text");
    }

    @Test
    void consentsAreVersionedSignedWithTheTextHashRevocableAndMissingOnesFollowBookedSurgeries() throws Exception {
        String id = register(Phi.fresh());
        String type = "breast-augmentation-" + run;
        String text = "I understand the risks of breast augmentation: capsular contracture, rupture, ...";
        ApiClient.Answer v1 = api().post("/api/records/v1/consent-templates",
                "{\"consentType\":\"" + type + "\",\"title\":\"Breast augmentation\",\"text\":\"" + text + "\"}").token(surgeon).send();
        assertThat(v1.status()).isEqualTo(201);
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        assertThat(api().post("/api/records/v1/consent-templates", "{\"consentType\":\"x\",\"title\":\"t\",\"text\":\"t\"}")
                .token(miamiCoordinator).send().status()).isEqualTo(403);

        // scheduling books a surgery of that type: the consent is now missing
        publish("aurora", "aurora-miami", new AppointmentBooked("apt-" + run, id, "aurora-miami", type, "SURGERY",
                List.of("dr-vega"), List.of("or-1"), Instant.now().plus(Duration.ofDays(20)), Instant.now().plus(Duration.ofDays(20)).plusSeconds(7200)));
        String missing = "/api/records/v1/patients/" + id + "/consents/missing";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(texts(api().get(missing).token(miamiCoordinator).send().json(), "consentType")).containsExactly(type));

        String sign = "/api/records/v1/patients/" + id + "/consents";
        ApiClient.Answer wrongText = api().post(sign, "{\"templateId\":\"" + type + "-v1\",\"textSha256\":\"" + sha("other text")
                + "\",\"signerName\":\"" + Phi.SIGNER_MARKER + "\"}").token(miamiCoordinator).send();
        assertThat(wrongText.status()).isEqualTo(400);
        assertThat(wrongText.body()).contains("textSha256");

        String body = "{\"templateId\":\"" + type + "-v1\",\"textSha256\":\"" + sha(text) + "\",\"signerName\":\"" + Phi.SIGNER_MARKER + "\"}";
        String key = UUID.randomUUID().toString();
        ApiClient.Answer signed = api().post(sign, body).token(miamiCoordinator).header("Idempotency-Key", key).send();
        assertThat(signed.status()).as(signed.toString()).isEqualTo(201);
        assertThat(api().post(sign, body).token(miamiCoordinator).header("Idempotency-Key", key).send().json().get("id").asString())
                .isEqualTo(signed.json().get("id").asString());
        assertThat(api().get(missing).token(miamiCoordinator).send().json().size()).isZero();
        assertThat(mongo.getCollection("consents").find(new Document("patientId", id)).into(new java.util.ArrayList<>()).toString())
                .doesNotContain(Phi.SIGNER_MARKER);

        // a new version of the form: the patient must sign again
        api().post("/api/records/v1/consent-templates", "{\"consentType\":\"" + type + "\",\"title\":\"Breast augmentation\",\"text\":\"v2 " + text + "\"}")
                .token(surgeon).send();
        JsonNode again = api().get(missing).token(miamiCoordinator).send().json();
        assertThat(again.get(0).get("currentVersion").asInt()).isEqualTo(2);
        assertThat(again.get(0).get("reason").asString()).contains("earlier version");

        String consentId = signed.json().get("id").asString();
        ApiClient.Answer revoked = api().post(sign + "/" + consentId + "/revocation", "{\"reason\":\"" + Phi.REVOCATION_MARKER + "\"}")
                .token(miamiCoordinator).send();
        assertThat(revoked.json().get("status").asString()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("revocationReason").asString()).isEqualTo(Phi.REVOCATION_MARKER);
        // kept sealed: shown (opened) to the roles that read consents, never stored or audited in plaintext
        Document storedConsent = mongo.getCollection("consents").find(new Document("_id", consentId)).first();
        assertThat(storedConsent.getString("sealedRevocationReason")).isNotBlank();
        assertThat(storedConsent.toJson()).doesNotContain(Phi.REVOCATION_MARKER);
        assertThat(mongo.getCollection("audit_trail").find(new Document("patientId", id)).into(new java.util.ArrayList<>()).toString())
                .doesNotContain(Phi.REVOCATION_MARKER);
        JsonNode listed = api().get(sign).token(surgeon).send().json();
        assertThat(texts(listed, "revocationReason")).contains(Phi.REVOCATION_MARKER);
        assertThat(api().get(sign).token(billing).send().status()).isEqualTo(403);

        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.RECORDS_PATIENT, Duration.ofSeconds(30),
                list -> list.stream().filter(r -> id.equals(r.key())).map(r -> TopicProbe.header(r, "ce_type").orElse(""))
                        .filter(t -> t.contains("consent-")).count() >= 2);
        List<String> consentEvents = events.stream().filter(r -> id.equals(r.key()))
                .map(r -> TopicProbe.header(r, "ce_type").orElse("")).filter(t -> t.contains("consent-")).toList();
        assertThat(consentEvents).containsExactly("health.liaison.records.patient.consent-signed.v1",
                "health.liaison.records.patient.consent-revoked.v1");
    }

    @Test
    void photosNeedPhotoConsentAreCheckedFromTheirBytesLimitedInSizeSealedAndEveryDownloadIsAudited() throws Exception {
        String id = register(Phi.fresh());
        byte[] png = pngBytes();
        HttpResponse<byte[]> refused = upload(id, "front.png", "image/png", png, miamiNurse);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(new String(refused.body())).contains("photography");

        String type = "photography";
        String text = "Photography consent " + run;
        api().post("/api/records/v1/consent-templates", "{\"consentType\":\"" + type + "\",\"title\":\"Photos\",\"text\":\"" + text + "\"}")
                .token(admin).send();
        JsonNode current = api().get("/api/records/v1/consent-templates?consentType=photography").token(miamiNurse).send().json().get(0);
        assertThat(api().post("/api/records/v1/patients/" + id + "/consents", "{\"templateId\":\"" + current.get("id").asString()
                + "\",\"textSha256\":\"" + current.get("textSha256").asString() + "\",\"signerName\":\"" + Phi.SIGNER_MARKER + "\"}")
                .token(miamiNurse).send().status()).isEqualTo(201);

        HttpResponse<byte[]> disguised = upload(id, "front.jpg", "image/jpeg", "MZ not an image at all".getBytes(), miamiNurse);
        assertThat(disguised.statusCode()).isEqualTo(400);
        assertThat(new String(disguised.body())).contains("\"file\"");
        byte[] huge = new byte[11 * 1024 * 1024];
        System.arraycopy(png, 0, huge, 0, png.length);
        HttpResponse<byte[]> tooLarge = upload(id, "big.png", "image/png", huge, miamiNurse);
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        HttpResponse<byte[]> stored = upload(id, "front.png", "application/octet-stream", png, miamiNurse);
        assertThat(stored.statusCode()).as(new String(stored.body())).isEqualTo(201);
        JsonNode file = ApiClient.json().readTree(stored.body());
        assertThat(file.get("contentType").asString()).isEqualTo("image/png");
        assertThat(file.get("view").asString()).isEqualTo("FRONT");
        String fileId = file.get("id").asString();

        // the chunks in GridFS are sealed: the PNG signature is not there
        for (Document chunk : mongo.getCollection("chart_files.chunks").find(new Document("files_id", fileId))) {
            byte[] data = chunk.get("data", org.bson.types.Binary.class).getData();
            assertThat(HexFormat.of().formatHex(data)).doesNotContain("89504e470d0a1a0a");
        }
        long downloadsBefore = countActions(id, "DOWNLOAD_FILE");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/records/v1/patients/" + id + "/files/" + fileId))
                .header("Authorization", "Bearer " + surgeon).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(countActions(id, "DOWNLOAD_FILE")).isEqualTo(downloadsBefore + 1);
        assertThat(api().get("/api/records/v1/patients/" + id + "/files/" + fileId).token(belmont).send().status()).isEqualTo(404);
        assertThat(upload(id, "x.png", "image/png", png, belmont).statusCode()).isEqualTo(404);
    }

    @Test
    void theFhirExportParsesWithHapiAndEveryResourceValidatesAgainstTheR4Schema() throws Exception {
        Phi phi = Phi.fresh();
        String id = register(phi);
        api().post("/api/records/v1/patients/" + id + "/medical-history", INTAKE).token(miamiNurse).send();
        String type = "rhinoplasty-" + run;
        JsonNode form = api().post("/api/records/v1/consent-templates", "{\"consentType\":\"" + type + "\",\"title\":\"Rhinoplasty\",\"text\":\"risks\"}")
                .token(surgeon).send().json();
        api().post("/api/records/v1/patients/" + id + "/consents", "{\"templateId\":\"" + form.get("id").asString()
                + "\",\"textSha256\":\"" + sha("risks") + "\",\"signerName\":\"" + Phi.SIGNER_MARKER + "\"}").token(miamiNurse).send();
        upload(id, "consult.pdf", "application/pdf", "%PDF-1.4\n% consult letter\n".getBytes(), miamiNurse);

        long exportsBefore = countActions(id, "EXPORT");
        ApiClient.Answer export = api().get("/api/records/v1/patients/" + id + "/export").token(miamiCoordinator).send();
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).contains("application/fhir+json");
        assertThat(countActions(id, "EXPORT")).isEqualTo(exportsBefore + 1);

        FhirContext fhir = FhirContext.forR4Cached();
        Bundle bundle = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(Bundle.class, export.body());
        Map<ResourceType, Long> kinds = bundle.getEntry().stream()
                .collect(Collectors.groupingBy(e -> e.getResource().getResourceType(), Collectors.counting()));
        assertThat(kinds).containsEntry(ResourceType.Patient, 1L).containsEntry(ResourceType.AllergyIntolerance, 1L)
                .containsEntry(ResourceType.MedicationStatement, 3L).containsEntry(ResourceType.Condition, 1L)
                .containsEntry(ResourceType.Consent, 1L).containsEntry(ResourceType.DocumentReference, 1L);
        org.hl7.fhir.r4.model.Patient patient = (org.hl7.fhir.r4.model.Patient) bundle.getEntryFirstRep().getResource();
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(phi.lastName());

        FhirValidator validator = fhir.newValidator();
        validator.setValidateAgainstStandardSchema(true);
        ValidationResult whole = validator.validateWithResult(bundle);
        assertThat(whole.isSuccessful()).as(whole.getMessages().toString()).isTrue();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            ValidationResult result = validator.validateWithResult(entry.getResource());
            assertThat(result.isSuccessful()).as(entry.getResource().getResourceType() + ": " + result.getMessages()).isTrue();
        }
    }

    private long countActions(String patientId, String action) {
        long n = 0;
        for (JsonNode e : api().get("/api/records/v1/audit?limit=1000&patientId=" + patientId).token(admin).send().json()) {
            if (action.equals(e.get("action").asString())) {
                n++;
            }
        }
        return n;
    }

}
