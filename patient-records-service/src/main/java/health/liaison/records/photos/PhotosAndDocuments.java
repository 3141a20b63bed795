package health.liaison.records.photos;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import health.liaison.platform.outbox.OutboxFields;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.consents.Consents;
import health.liaison.records.patients.Patient;
import health.liaison.platform.privacy.FieldCipher;
import io.swagger.v3.oas.annotations.Operation;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Before/after photos and documents in GridFS (bucket "chart_files"). The type is judged from the bytes (JPEG,
 * PNG, HEIC photos; PDF documents), the size is limited, a photo needs a signed photography consent, and the
 * bytes are sealed with the chart's key before they are stored. Every download is audited.
 */
@RestController
@RequestMapping("/api/records/v1/patients/{patientId}/files")
public class PhotosAndDocuments {

    private static final String FIELD = "chart-file";
    private static final Set<String> VIEWS = Set.of("FRONT", "LEFT_OBLIQUE", "RIGHT_OBLIQUE", "LEFT", "RIGHT", "BACK", "OTHER");

    private final GridFSBucket bucket;
    private final ChartAccess access;
    private final Consents consents;
    private final FieldCipher cipher;
    private final Clock clock;
    private final long maxBytes;
    private final org.springframework.context.ApplicationEventPublisher publisher;

    PhotosAndDocuments(MongoTemplate mongo, ChartAccess access, Consents consents, FieldCipher cipher, Clock clock,
                       @Value("${liaison.records.upload-max-size:10MB}") DataSize maxSize,
                       org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.bucket = GridFSBuckets.create(mongo.getDb(), "chart_files");
        this.access = access;
        this.consents = consents;
        this.cipher = cipher;
        this.clock = clock;
        this.maxBytes = maxSize.toBytes();
    }

    /** Told inside the service when a file was added to a chart (e.g. pre-op photos complete a checklist item). */
    public record ChartFileAdded(String patientId, FileView file) {
    }

    public record FileView(String id, String kind, String contentType, long size, String procedure, String view,
                           LocalDate takenOn, String uploadedBy, Instant uploadedAt) {
    }

    @Operation(summary = "Upload a photo (JPEG/PNG/HEIC, needs a signed photography consent) or a PDF document")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FileView> upload(@PathVariable String patientId, @RequestPart("file") MultipartFile file,
                                    @RequestParam(required = false) String procedure,
                                    @RequestParam(required = false) String view,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate takenOn)
            throws IOException {
        Patient patient = access.open(patientId, "UPLOAD_FILE", Section.CLINICAL_WRITE).value();
        if (file.isEmpty()) {
            throw ApiProblem.invalid("file", "is empty");
        }
        if (file.getSize() > maxBytes) {
            throw tooLarge();
        }
        if (procedure != null && !procedure.matches("[a-z0-9-]{1,64}")) {
            throw ApiProblem.invalid("procedure", "must be a procedure type id such as breast-augmentation");
        }
        if (view != null && !VIEWS.contains(view)) {
            throw ApiProblem.invalid("view", "must be one of " + String.join(", ", VIEWS.stream().sorted().toList()));
        }
        byte[] bytes = file.getBytes();
        Upload type = Upload.sniff(bytes);
        if (type == null) {
            throw ApiProblem.invalid("file", "is not a JPEG, PNG or HEIC photo or a PDF document (judged from its content)");
        }
        if (type.image && !consents.hasSigned(patientId, Consents.PHOTOGRAPHY)) {
            throw ApiProblem.unprocessable("photo-consent-missing", "This patient has not signed the photography consent; "
                    + "record it (POST /api/records/v1/patients/" + patientId + "/consents) before taking photos.");
        }
        String id = UUID.randomUUID().toString();
        String kind = type.image ? "PHOTO" : "DOCUMENT";
        Instant now = clock.instant();
        Document metadata = new Document(OutboxFields.TENANT, Callers.current().tenantId()).append("patientId", patientId)
                .append("fileId", id).append("kind", kind).append("contentType", type.contentType).append("size", (long) bytes.length)
                .append("procedure", procedure).append("view", view).append("takenOn", takenOn == null ? null : takenOn.toString())
                .append("uploadedBy", Callers.current().userId()).append("uploadedAt", java.util.Date.from(now))
                .append("locationId", patient.locationId());
        byte[] sealed = cipher.sealBytes(bytes, patientId, FIELD + ":" + id);
        bucket.uploadFromStream(new org.bson.BsonString(id), id, new ByteArrayInputStream(sealed),
                new GridFSUploadOptions().metadata(metadata));
        FileView stored = view(metadata);
        publisher.publishEvent(new ChartFileAdded(patientId, stored));
        return ResponseEntity.status(HttpStatus.CREATED).body(stored);
    }

    @Operation(summary = "The patient's photos and documents (metadata only)")
    @GetMapping
    List<FileView> list(@PathVariable String patientId) {
        access.open(patientId, "LIST_FILES", Section.CLINICAL);
        return files(patientId);
    }

    /** The metadata of a chart's files, for callers that already opened the chart (e.g. the export). */
    public List<FileView> files(String patientId) {
        List<FileView> views = new ArrayList<>();
        for (GridFSFile file : bucket.find(new Document("metadata." + OutboxFields.TENANT, Callers.current().tenantId())
                .append("metadata.patientId", patientId)).sort(new Document("uploadDate", 1))) {
            views.add(view(file.getMetadata()));
        }
        return views;
    }

    @Operation(summary = "Download a photo or document (audited)")
    @GetMapping("/{fileId}")
    ResponseEntity<byte[]> download(@PathVariable String patientId, @PathVariable String fileId) {
        access.open(patientId, "DOWNLOAD_FILE", Section.CLINICAL, fileId);
        GridFSFile file = bucket.find(new Document("_id", new org.bson.BsonString(fileId))
                .append("metadata." + OutboxFields.TENANT, Callers.current().tenantId())
                .append("metadata.patientId", patientId)).first();
        if (file == null) {
            throw ApiProblem.notFound("file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bucket.downloadToStream(new org.bson.BsonString(fileId), out);
        byte[] bytes = cipher.openBytes(out.toByteArray(), patientId, FIELD + ":" + fileId);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, file.getMetadata().getString("contentType"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(bytes);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Object> uploadTooLarge(MaxUploadSizeExceededException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(tooLarge().toProblemDetail());
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "Content Too Large",
                "The file is larger than " + DataSize.ofBytes(maxBytes).toMegabytes() + " MB.", java.util.Map.of("field", "file"));
    }

    private static FileView view(Document m) {
        String takenOn = m.getString("takenOn");
        java.util.Date at = m.getDate("uploadedAt");
        return new FileView(m.getString("fileId"), m.getString("kind"), m.getString("contentType"),
                ((Number) m.get("size")).longValue(), m.getString("procedure"), m.getString("view"),
                takenOn == null ? null : LocalDate.parse(takenOn), m.getString("uploadedBy"), at == null ? null : at.toInstant());
    }
}
