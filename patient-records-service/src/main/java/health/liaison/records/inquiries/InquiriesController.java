package health.liaison.records.inquiries;

import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.records.worklists.WorkPage;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Inquiries: take one in, the work list, read (audited), log a contact attempt, claim, lose, convert. */
@RestController
@RequestMapping("/api/records/v1/inquiries")
class InquiriesController {

    static final String SOURCES = "PHONE|WALK_IN|EMAIL|WEB_FORM|SMS|REFERRAL|CAMPAIGN";

    private final Inquiries inquiries;
    private final InquiryConversions conversions;
    private final IdempotentRequests idempotency;
    private final JsonMapper json;

    InquiriesController(Inquiries inquiries, InquiryConversions conversions, IdempotentRequests idempotency, JsonMapper json) {
        this.inquiries = inquiries;
        this.conversions = conversions;
        this.idempotency = idempotency;
        this.json = json;
    }

    record NewInquiry(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId,
                      @NotBlank @Pattern(regexp = "PHONE|WALK_IN|EMAIL|SMS|REFERRAL|CAMPAIGN",
                              message = "must be PHONE, WALK_IN, EMAIL, SMS, REFERRAL or CAMPAIGN") String source,
                      @Pattern(regexp = "[a-z0-9-]{1,64}|OTHER", message = "must be an appointment type id or OTHER") String interest,
                      @Size(max = 200) String name,
                      @Email @Size(max = 254) String email,
                      @Pattern(regexp = "\\+[1-9][0-9]{7,14}", message = "must be an E.164 number such as +13055550123") String phone,
                      @Pattern(regexp = "en|es", message = "must be en or es") String preferredLanguage,
                      @Pattern(regexp = "EMAIL|SMS|PHONE", message = "must be EMAIL, SMS or PHONE") String preferredChannel,
                      @Size(max = 5000) String message,
                      @Pattern(regexp = "[A-Za-z0-9@._-]{1,100}") String ownerId) {
        @Override
        public String toString() {
            return "NewInquiry[" + source + "]";
        }
    }

    record Created(String id, boolean newInquiry) {
    }

    @Operation(summary = "Take in a phone, walk-in (or, for the notification service, SMS/e-mail) inquiry; the same person again adds a contact to their open inquiry (honours Idempotency-Key)")
    @PostMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN','SERVICE')")
    ResponseEntity<Created> create(@Valid @RequestBody NewInquiry request,
                                   @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        Caller caller = Callers.current();
        boolean service = caller.hasRole("SERVICE") && !caller.hasRole("COORDINATOR") && !caller.hasRole("ADMIN");
        if (service && !List.of("SMS", "EMAIL").contains(request.source())) {
            throw ApiProblem.invalid("source", "the notification service takes in SMS and EMAIL inquiries only");
        }
        if (!service && !caller.worksAt(request.locationId()) && !caller.hasRole("ADMIN")) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        if (request.email() == null && request.phone() == null) {
            throw ApiProblem.invalid("phone", "give a phone number or an e-mail address to reach the inquirer");
        }
        String owner = request.ownerId() != null ? request.ownerId() : service ? null : caller.userId();
        Intake intake = new Intake(request.locationId(), request.source(), request.interest() == null ? "OTHER" : request.interest(),
                new InquirerContact(request.name(), request.email(), request.phone(), request.preferredLanguage(),
                        request.preferredChannel()), request.message(), owner);
        boolean[] created = {false};
        IdempotentRequests.Outcome outcome = idempotency.run("inquiry", key, json.writeValueAsString(request), id -> {
            Inquiries.Received received = inquiries.receive(id, intake);
            created[0] = received.created();
            return received.inquiryId();
        });
        return ResponseEntity.status(created[0] ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/records/v1/inquiries/" + outcome.resourceId()))
                .body(new Created(outcome.resourceId(), created[0]));
    }

    record ListItem(String id, String locationId, String source, String interest, String status, String ownerId,
                    String name, Instant receivedAt, Instant firstResponseDueAt, int attempts, int contacts,
                    String patientId) {
    }

    @Operation(summary = "The inquiry work list of your clinics: by status, owner (none = unowned), clinic; each listed inquiry is audited")
    @GetMapping
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    WorkPage<ListItem> list(@RequestParam(required = false) String status, @RequestParam(required = false) String ownerId,
                            @RequestParam(required = false) String locationId,
                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        WorkPage.check(page, size);
        if (status != null && !status.matches("NEW|CONTACTED|CONSULT_BOOKED|WON|LOST")) {
            throw ApiProblem.invalid("status", "must be NEW, CONTACTED, CONSULT_BOOKED, WON or LOST");
        }
        WorkPage<Inquiry> found = inquiries.list(status, ownerId, locationId, page, size);
        return new WorkPage<>(found.items().stream().map(i -> new ListItem(i.id(), i.locationId(), i.source(), i.interest(),
                i.status(), i.ownerId(), inquiries.contactOf(i).name(), i.receivedAt(), i.firstResponseDueAt(),
                i.attempts(), i.contacts().size(), i.patientId())).toList(), found.page(), found.size(),
                found.totalItems(), found.totalPages());
    }

    record ContactView(Instant at, String direction, String channel, String outcome, Integer attempt, String text, String byUserId) {
    }

    record InquiryView(String id, String locationId, String source, String interest, String status, String ownerId,
                       InquirerContact contact, List<ContactView> contacts, int attempts, Instant receivedAt,
                       String receivedBy, Instant firstResponseDueAt, Instant firstContactedAt, String patientId,
                       Instant linkedAt, String consultationAppointmentId, Instant convertedAt,
                       String surgeryAppointmentId, Instant wonAt, String lostReason, String lostNote, Instant lostAt) {
    }

    @Operation(summary = "Read an inquiry with the inquirer's details and every contact (audited like a chart read)")
    @GetMapping("/{inquiryId}")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    InquiryView read(@PathVariable String inquiryId) {
        return view(inquiries.open(inquiryId, "READ_INQUIRY"));
    }

    record ServiceContact(String inquiryId, String locationId, String name, String email, String phone,
                          String preferredLanguage, String preferredChannel) {
    }

    @Operation(summary = "How to reach the inquirer, for the notification service at send time (SERVICE; audited)")
    @GetMapping("/{inquiryId}/contact")
    @PreAuthorize("hasRole('SERVICE')")
    ServiceContact contact(@PathVariable String inquiryId) {
        Inquiry inquiry = inquiries.open(inquiryId, "READ_INQUIRY_CONTACT");
        InquirerContact c = inquiries.contactOf(inquiry);
        return new ServiceContact(inquiry.id(), inquiry.locationId(), c.name(), c.email(), c.phone(),
                c.preferredLanguage() == null ? "en" : c.preferredLanguage(), c.preferredChannel());
    }

    record Attempt(@NotBlank @Pattern(regexp = "PHONE|EMAIL|SMS|IN_PERSON", message = "must be PHONE, EMAIL, SMS or IN_PERSON") String channel,
                   @NotBlank @Pattern(regexp = "REACHED|NO_ANSWER|LEFT_MESSAGE|WRONG_NUMBER",
                           message = "must be REACHED, NO_ANSWER, LEFT_MESSAGE or WRONG_NUMBER") String outcome,
                   @Size(max = 2000) String note) {
        @Override
        public String toString() {
            return "Attempt[" + channel + " " + outcome + "]";
        }
    }

    @Operation(summary = "Log a contact attempt (channel, outcome, note); no answer schedules the next attempt")
    @PostMapping("/{inquiryId}/contact-attempts")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    ResponseEntity<Map<String, Object>> attempt(@PathVariable String inquiryId, @Valid @RequestBody Attempt request) {
        Inquiry inquiry = inquiries.logAttempt(inquiryId, request.channel(), request.outcome(), request.note());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("inquiryId", inquiry.id(), "attempt", inquiry.attempts(),
                "status", inquiry.status()));
    }

    @Operation(summary = "Take an unowned inquiry; if another coordinator took it first, 409")
    @PostMapping("/{inquiryId}/claim")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    Map<String, Object> claim(@PathVariable String inquiryId) {
        Inquiry inquiry = inquiries.claim(inquiryId);
        return Map.of("inquiryId", inquiry.id(), "ownerId", inquiry.ownerId());
    }

    record Loss(@NotBlank @Pattern(regexp = "PRICE|TIMING|WENT_ELSEWHERE|NOT_A_CANDIDATE|NO_ANSWER|OTHER",
            message = "must be PRICE, TIMING, WENT_ELSEWHERE, NOT_A_CANDIDATE, NO_ANSWER or OTHER") String reason,
                @Size(max = 2000) String note) {
        @Override
        public String toString() {
            return "Loss[" + reason + "]";
        }
    }

    @Operation(summary = "Close an inquiry as lost, with a reason")
    @PostMapping("/{inquiryId}/loss")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    Map<String, Object> lose(@PathVariable String inquiryId, @Valid @RequestBody Loss request) {
        Inquiry inquiry = inquiries.markLost(inquiryId, request.reason(), request.note());
        return Map.of("inquiryId", inquiry.id(), "status", inquiry.status(), "lostReason", inquiry.lostReason());
    }

    record ConversionRequest(@Pattern(regexp = "[A-Za-z0-9-]{1,64}") String patientId,
                             @Size(max = 100) String firstName, @Size(max = 100) String lastName,
                             @Past(message = "must be a date in the past") LocalDate dateOfBirth, Boolean notADuplicate) {
        @Override
        public String toString() {
            return "ConversionRequest[redacted]";
        }
    }

    @Operation(summary = "Convert: open the inquirer's chart (the chart's duplicate check links an existing one) or link the chart you name; then book the consultation in scheduling")
    @PostMapping("/{inquiryId}/conversion")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    Map<String, Object> convert(@PathVariable String inquiryId, @Valid @RequestBody ConversionRequest request) {
        InquiryConversions.Linked linked = conversions.convert(inquiryId, new InquiryConversions.Conversion(request.patientId(),
                request.firstName(), request.lastName(), request.dateOfBirth(), request.notADuplicate()));
        return Map.of("inquiryId", inquiryId, "patientId", linked.patientId(), "existingChart", linked.existingChart());
    }

    private InquiryView view(Inquiry i) {
        List<ContactView> contacts = i.contacts().stream().map(c -> new ContactView(c.at(), c.direction(), c.channel(),
                c.outcome(), c.attempt(), inquiries.textOf(i, c), c.byUserId())).toList();
        return new InquiryView(i.id(), i.locationId(), i.source(), i.interest(), i.status(), i.ownerId(),
                inquiries.contactOf(i), contacts, i.attempts(), i.receivedAt(), i.receivedBy(), i.firstResponseDueAt(),
                i.firstContactedAt(), i.patientId(), i.linkedAt(), i.consultationAppointmentId(), i.convertedAt(),
                i.surgeryAppointmentId(), i.wonAt(), i.lostReason(), inquiries.lostNoteOf(i), i.lostAt());
    }
}
