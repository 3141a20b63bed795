package health.liaison.notifications.inbound;

import health.liaison.notifications.careplans.CheckInAnswer;
import health.liaison.notifications.careplans.CheckInAnswers;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;


import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a patient's text or a delivery receipt does, whichever provider's webhook brought it (the port the SMS
 * webhook adapters call once they have checked the provider's signature): the practice group is the one owning the
 * clinic number. Replies: "C" confirms the appointment the last text was about (PatientConfirmed), STOP stops every
 * SMS to that number at once (PatientOptedOut), START resumes, HELP answers with the clinic's number, 1/2/3 after a
 * post-op check-in answers it ({@link CheckInAnswers}: a code on the check-in, CheckInAnswered), anything else
 * waits, sealed, in the coordinators' inbox. A provider's retry of the same text (same provider id) does nothing twice.
 */
@Component
public class SmsReplies {

    private static final Logger log = LoggerFactory.getLogger(SmsReplies.class);

    private final Clinics clinics;
    private final Messages messages;
    private final PatientPreferences preferences;
    private final ContactKeys contactKeys;
    private final TenantStore<InboundText> texts;
    private final UnknownSenders unknownSenders;
    private final FieldCipher cipher;
    private final CheckInAnswers checkIns;
    private final Clock clock;

    SmsReplies(Clinics clinics, Messages messages, PatientPreferences preferences, ContactKeys contactKeys,
               TenantStores stores, UnknownSenders unknownSenders, FieldCipher cipher, CheckInAnswers checkIns,
               Clock clock) {
        this.unknownSenders = unknownSenders;
        this.checkIns = checkIns;
        this.cipher = cipher;
        this.clinics = clinics;
        this.messages = messages;
        this.preferences = preferences;
        this.contactKeys = contactKeys;
        this.texts = stores.of(InboundText.class, "inbound_texts", "text");
        this.clock = clock;
    }

    /** A patient's text to a clinic number. */
    public record IncomingText(String from, String to, String body, String providerMessageId) {
    }

    /** The provider's word on a text we sent: delivered, failed, undelivered (others are ignored). */
    public record DeliveryReceipt(String providerMessageId, String from, String status) {
    }

    /** Handles the text and returns the answer the provider sends back to the patient. */
    public String textReceived(IncomingText text) {
        if (text.from() == null || text.to() == null || text.providerMessageId() == null || text.body() == null) {
            throw ApiProblem.invalid("from, to, body, providerMessageId", "are required");
        }
        Clinic clinic = clinics.bySmsNumber(text.to()).orElseThrow(() -> ApiProblem.notFound("clinic number"));
        return Callers.callAs(Caller.system(clinic.tenantId()), () -> handle(text, clinic));
    }

    public void receiptReceived(DeliveryReceipt receipt) {
        Clinic clinic = clinics.bySmsNumber(receipt.from()).orElseThrow(() -> ApiProblem.notFound("clinic number"));
        Callers.runAs(Caller.system(clinic.tenantId()), () -> {
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
        });
    }

    private String handle(IncomingText text, Clinic clinic) {
        String key = contactKeys.of(text.from());
        Optional<Message> answered = messages.lastSmsTo(key);
        ReplyIntent intent = ReplyIntent.of(text.body());
        Instant now = clock.instant();
        Optional<CheckInAnswer> checkIn = intent == ReplyIntent.OTHER
                ? answered.flatMap(m -> checkIns.answerTo(m, text.body(), now)) : Optional.empty();
        if (checkIn.isPresent()) {
            return checkInAnswered(text, clinic, answered.get(), checkIn.get(), now);
        }
        InboundText record = new InboundText(text.providerMessageId(), clinic.locationId(),
                answered.map(Message::patientId).orElse(null), answered.map(Message::id).orElse(null), intent,
                intent == ReplyIntent.OTHER ? cipher.seal(text.body(), text.providerMessageId(), InboundText.FIELD) : null, now);
        try {
            texts.insert(record, List.of(), clinic.locationId());
        } catch (DuplicateKeyException retriedByProvider) {
            return (replyFor(intent, clinic, answered.isPresent()));
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
        return (replyFor(intent, clinic, answered.filter(m -> m.appointmentId() != null).isPresent()));
    }

    /**
     * The answer is recorded before the text is kept, so a webhook retried after a crash in between still records it;
     * recording is once per check-in, so a retry or a second answer changes nothing. Only the code is kept.
     */
    private String checkInAnswered(IncomingText text, Clinic clinic, Message checkIn, CheckInAnswer answer, Instant now) {
        Optional<CheckInAnswer> counted = checkIns.record(checkIn, answer, now);
        try {
            texts.insert(new InboundText(text.providerMessageId(), clinic.locationId(), checkIn.patientId(), checkIn.id(),
                    ReplyIntent.CHECK_IN_ANSWER, null, now), List.of(), clinic.locationId());
            log.info("Inbound text {} at {}: {}", text.providerMessageId(), clinic.locationId(), ReplyIntent.CHECK_IN_ANSWER);
        } catch (DuplicateKeyException retriedByProvider) {
            // the same text again: already kept
        }
        return CheckInAnswers.reply(checkIn, clinic.name(), clinic.phone(), answer, counted);
    }

    private static String replyFor(ReplyIntent intent, Clinic clinic, boolean aboutAnAppointment) {
        String phone = clinic.phone() == null ? "" : " Call " + clinic.phone() + ".";
        return switch (intent) {
            case STOP -> clinic.name() + ": you will receive no more texts from us. Reply START to resume.";
            case START -> clinic.name() + ": texts resumed. Reply STOP to opt out.";
            case HELP -> clinic.name() + ": appointment messages." + phone + " Reply STOP to opt out.";
            case CONFIRM -> aboutAnAppointment ? clinic.name() + ": thank you, your appointment is confirmed."
                    : clinic.name() + ": we could not find an appointment to confirm." + phone;
            case OTHER, CHECK_IN_ANSWER -> clinic.name() + ": thank you, a coordinator will get back to you.";
        };
    }
}
