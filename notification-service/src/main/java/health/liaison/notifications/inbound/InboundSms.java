package health.liaison.notifications.inbound;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.clinics.Clinic;
import health.liaison.notifications.clinics.Clinics;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.MessageStatus;
import health.liaison.notifications.delivery.Messages;
import health.liaison.notifications.inquiries.UnknownSenders;
import health.liaison.notifications.preferences.ContactKeys;
import health.liaison.notifications.preferences.PatientPreferences;
import health.liaison.platform.events.notifications.MessageDelivered;
import health.liaison.platform.events.notifications.MessageFailed;
import health.liaison.platform.events.notifications.PatientConfirmed;
import health.liaison.platform.events.notifications.PatientOptedOut;
import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SMS provider's webhooks: replies from patients and delivery receipts. Called by the provider, not a user, so
 * there is no bearer token; instead every call must carry the provider's signature of its body
 * ({@link WebhookSignature}), and the practice group is the one owning the clinic number the text was sent to.
 * Replies: "C" confirms the appointment the last text was about (PatientConfirmed), STOP stops every SMS to that
 * number at once (PatientOptedOut), START resumes, HELP answers with the clinic's number, anything else waits in
 * the coordinators' inbox. The answer's {@code reply} is the text the provider sends back.
 */
@RestController
class InboundSms {

    static final String SIGNATURE_HEADER = "X-Liaison-Signature";
    private static final Logger log = LoggerFactory.getLogger(InboundSms.class);
    // providers add fields to their webhooks over time; the signature, not the shape, is what we trust
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final WebhookSignature signature;
    private final Clinics clinics;
    private final Messages messages;
    private final PatientPreferences preferences;
    private final ContactKeys contactKeys;
    private final TenantStore<InboundText> texts;
    private final UnknownSenders unknownSenders;
    private final FieldCipher cipher;
    private final Clock clock;

    InboundSms(NotificationProperties properties, Clinics clinics, Messages messages, PatientPreferences preferences,
               ContactKeys contactKeys, TenantStores stores, UnknownSenders unknownSenders, FieldCipher cipher, Clock clock) {
        this.unknownSenders = unknownSenders;
        this.cipher = cipher;
        this.signature = new WebhookSignature(properties.sms().webhookSecret());
        this.clinics = clinics;
        this.messages = messages;
        this.preferences = preferences;
        this.contactKeys = contactKeys;
        this.texts = stores.of(InboundText.class, "inbound_texts", "text");
        this.clock = clock;
    }

    record IncomingText(String from, String to, String body, String providerMessageId) {
    }

    record DeliveryReceipt(String providerMessageId, String from, String status) {
    }

    record Answer(String reply) {
    }

    @Operation(summary = "Webhook: a patient's text to a clinic number (signed by the SMS provider)")
    @PostMapping(path = "/api/notifications/v1/inbound/sms", consumes = MediaType.APPLICATION_JSON_VALUE)
    Answer reply(@RequestBody byte[] body, @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        IncomingText text = verified(body, signed, IncomingText.class);
        if (text.from() == null || text.to() == null || text.providerMessageId() == null || text.body() == null) {
            throw ApiProblem.invalid("from, to, body, providerMessageId", "are required");
        }
        Clinic clinic = clinics.bySmsNumber(text.to()).orElseThrow(() -> ApiProblem.notFound("clinic number"));
        return Callers.callAs(Caller.system(clinic.tenantId()), () -> handle(text, clinic));
    }

    @Operation(summary = "Webhook: the SMS provider's delivery receipt (signed)")
    @PostMapping(path = "/api/notifications/v1/inbound/sms/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> receipt(@RequestBody byte[] body, @RequestHeader(value = SIGNATURE_HEADER, required = false) String signed) {
        DeliveryReceipt receipt = verified(body, signed, DeliveryReceipt.class);
        Clinic clinic = clinics.bySmsNumber(receipt.from()).orElseThrow(() -> ApiProblem.notFound("clinic number"));
        return Callers.callAs(Caller.system(clinic.tenantId()), () -> {
            Versioned<Message> sent = messages.byProviderId(receipt.providerMessageId())
                    .orElseThrow(() -> ApiProblem.notFound("message"));
            Instant now = clock.instant();
            String status = receipt.status() == null ? "" : receipt.status().toLowerCase();
            messages.change(sent.value().id(), m -> switch (status) {
                case "delivered" -> m.status() == MessageStatus.SENT
                        ? TenantStore.Change.of(m.delivered(now), List.of(new MessageDelivered(m.id(), m.patientId(),
                        m.locationId(), m.channel().name(), now)), m.locationId())
                        : TenantStore.Change.quietly(m);
                case "failed", "undelivered" -> m.status() == MessageStatus.SENT || m.status() == MessageStatus.DELIVERED
                        ? TenantStore.Change.of(m.undelivered(MessageStatus.FAILED, "UNDELIVERED", now),
                        List.of(new MessageFailed(m.id(), m.patientId(), m.locationId(), m.appointmentId(), m.kind(),
                                m.channel().name(), "UNDELIVERED", m.attempts(), now)), m.locationId())
                        : TenantStore.Change.quietly(m);
                default -> TenantStore.Change.quietly(m);
            });
            return Map.of("status", "recorded");
        });
    }

    private Answer handle(IncomingText text, Clinic clinic) {
        String key = contactKeys.of(text.from());
        Optional<Message> answered = messages.lastSmsTo(key);
        ReplyIntent intent = ReplyIntent.of(text.body());
        Instant now = clock.instant();
        InboundText record = new InboundText(text.providerMessageId(), clinic.locationId(),
                answered.map(Message::patientId).orElse(null), answered.map(Message::id).orElse(null), intent,
                intent == ReplyIntent.OTHER ? cipher.seal(text.body(), text.providerMessageId(), InboundText.FIELD) : null, now);
        try {
            texts.insert(record, List.of(), clinic.locationId());
        } catch (DuplicateKeyException retriedByProvider) {
            return new Answer(replyFor(intent, clinic, answered.isPresent()));
        }
        log.info("Inbound text {} at {}: {}", text.providerMessageId(), clinic.locationId(), intent);
        switch (intent) {
            case STOP -> {
                preferences.stopSms(key, answered.map(Message::patientId).orElse(null), clinic.locationId());
                answered.ifPresent(m -> messages.change(m.id(), current -> TenantStore.Change.of(current,
                        List.of(new PatientOptedOut(m.id(), m.patientId(), m.locationId(), "SMS", now)), m.locationId())));
            }
            case START -> preferences.startSms(key, clinic.locationId());
            case OTHER -> {
                if (answered.isEmpty()) {
                    // no patient of ours has this number: a prospective patient, not a lost text
                    unknownSenders.textReceived(text.providerMessageId(), clinic.locationId(), text.from(), text.body());
                }
            }
            case CONFIRM -> answered.filter(m -> m.appointmentId() != null).ifPresent(m -> messages.change(m.id(),
                    current -> TenantStore.Change.of(current, List.of(new PatientConfirmed(m.id(), m.patientId(),
                            m.locationId(), m.appointmentId(), now)), m.locationId())));
            default -> {
            }
        }
        return new Answer(replyFor(intent, clinic, answered.filter(m -> m.appointmentId() != null).isPresent()));
    }

    private static String replyFor(ReplyIntent intent, Clinic clinic, boolean aboutAnAppointment) {
        String phone = clinic.phone() == null ? "" : " Call " + clinic.phone() + ".";
        return switch (intent) {
            case STOP -> clinic.name() + ": you will receive no more texts from us. Reply START to resume.";
            case START -> clinic.name() + ": texts resumed. Reply STOP to opt out.";
            case HELP -> clinic.name() + ": appointment messages." + phone + " Reply STOP to opt out.";
            case CONFIRM -> aboutAnAppointment ? clinic.name() + ": thank you, your appointment is confirmed."
                    : clinic.name() + ": we could not find an appointment to confirm." + phone;
            case OTHER -> clinic.name() + ": thank you, a coordinator will get back to you.";
        };
    }

    private <T> T verified(byte[] body, String signed, Class<T> type) {
        if (!signature.matches(body, signed)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-signature", "Unauthorized",
                    "The webhook signature does not match its body.", Map.of());
        }
        try {
            return JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not a valid webhook payload");
        }
    }
}
