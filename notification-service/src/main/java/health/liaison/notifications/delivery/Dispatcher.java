package health.liaison.notifications.delivery;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.channels.EmailChannel;
import health.liaison.notifications.channels.Outgoing;
import health.liaison.notifications.channels.SendFailure;
import health.liaison.notifications.channels.SmsSender;
import health.liaison.notifications.clinics.Clinic;
import health.liaison.notifications.clinics.Clinics;
import health.liaison.notifications.contacts.Contact;
import health.liaison.notifications.contacts.Inquirer;
import health.liaison.notifications.contacts.PatientContacts;
import health.liaison.notifications.preferences.ContactKeys;
import health.liaison.notifications.preferences.EmailOptOuts;
import health.liaison.notifications.preferences.UnsubscribeLinks;
import health.liaison.notifications.preferences.PatientPreferences;
import health.liaison.notifications.quiethours.FrequencyCap;
import health.liaison.notifications.templates.LocalTimes;
import health.liaison.notifications.templates.MessageTemplates;
import health.liaison.notifications.templates.Rendered;
import health.liaison.notifications.templates.TemplateFailure;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.notifications.MessageFailed;
import health.liaison.platform.events.notifications.MessageSent;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.observability.JobHeartbeats;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends what is due, on every replica at once: each poll claims due messages one by one (see
 * {@link Messages#claimDue}), so replicas share the work and never send the same message twice. For a claimed
 * message, in order: quiet hours in the clinic's zone (defer, unless urgent), the patient's contact details from
 * records, consent and opt-outs (suppress), the frequency cap (defer), rendering (fail, never send half a text),
 * then the provider. A message to staff skips what belongs to a patient (contact, consent, opt-outs, cap). A
 * provider failure worth retrying puts the message back with back-off; the last failure makes it visible to
 * coordinators.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Messages messages;
    private final Clinics clinics;
    private final PatientContacts contacts;
    private final PatientPreferences preferences;
    private final ContactKeys contactKeys;
    private final EmailOptOuts emailOptOuts;
    private final UnsubscribeLinks unsubscribeLinks;
    private final MessageTemplates templates;
    private final EmailChannel email;
    private final SmsSender sms;
    private final Clock clock;
    private final MeterRegistry meters;
    private final JobHeartbeats heartbeats;
    private final NotificationProperties.Delivery settings;
    private final RetryPolicy retries;
    private final FrequencyCap cap;
    private final String owner;
    private final List<String> urgentKinds;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    Dispatcher(Messages messages, Clinics clinics, PatientContacts contacts, PatientPreferences preferences,
               ContactKeys contactKeys, MessageTemplates templates, EmailChannel email, SmsSender sms, Clock clock,
               MeterRegistry meters, JobHeartbeats heartbeats, NotificationProperties properties,
               @Value("${spring.application.name}") String service,
               @Value("${liaison.notifications.delivery.enabled:true}") boolean enabled,
               EmailOptOuts emailOptOuts, UnsubscribeLinks unsubscribeLinks) {
        this.emailOptOuts = emailOptOuts;
        this.unsubscribeLinks = unsubscribeLinks;
        this.messages = messages;
        this.clinics = clinics;
        this.contacts = contacts;
        this.preferences = preferences;
        this.contactKeys = contactKeys;
        this.templates = templates;
        this.email = email;
        this.sms = sms;
        this.clock = clock;
        this.meters = meters;
        this.heartbeats = heartbeats;
        this.settings = properties.delivery();
        this.retries = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.backoffMultiplier(),
                settings.maxBackoff());
        this.cap = new FrequencyCap(properties.frequencyCap().limit(), properties.frequencyCap().window());
        this.owner = service + "-" + UUID.randomUUID();
        this.urgentKinds = properties.urgentKinds();
        this.enabled = enabled;
    }

    /** Sends every message due now; returns how many were handled. */
    int sendDue() {
        int handled = 0;
        while (handled < settings.batchSize()) {
            Optional<Messages.Claimed> claimed = messages.claimDue(owner, clock.instant(), settings.lease());
            if (claimed.isEmpty()) {
                break;
            }
            handled++;
            Messages.Claimed work = claimed.get();
            try {
                Callers.runAs(Caller.system(work.tenantId()), () -> handle(work.message()));
            } catch (RuntimeException e) {
                // the lease expires and another poll takes the message again
                log.warn("Message {} could not be handled: {}", work.message().value().id(), e.getClass().getSimpleName());
            }
        }
        return handled;
    }

    private void handle(Versioned<Message> claimed) {
        Message message = claimed.value();
        Instant now = clock.instant();
        Clinic clinic = clinics.of(message.locationId());
        boolean urgent = message.urgent() || urgentKinds.contains(message.kind());
        if (!urgent) {
            Instant allowed = clinic.quietHours().earliestSendAt(now, clinic.zone());
            if (allowed.isAfter(now)) {
                save(claimed, message.deferredUntil(allowed, now), List.of(), "deferred-quiet-hours");
                return;
            }
        }
        if (message.toStaff()) {
            sendToStaff(claimed, clinic, now);
            return;
        }
        Contact contact;
        Inquirer inquirer = null;
        try {
            if (message.toInquirer()) {
                inquirer = contacts.inquirer(message.reference());
                contact = inquirer.asContact();
            } else {
                contact = contacts.of(message.patientId());
            }
        } catch (SendFailure failure) {
            failedAttempt(claimed, failure, now);
            return;
        }
        if (inquirer != null && !inquirer.channel().equals(message.channel().name())) {
            // an inquirer is answered once, by the channel they prefer (or can be reached by)
            save(claimed, message.suppressed("OTHER_CHANNEL", now), List.of(), "suppressed");
            return;
        }
        String address = message.channel() == Channel.EMAIL ? contact.email() : contact.phone();
        boolean marketing = message.purpose() == Message.Purpose.MARKETING;
        // an inquirer has no patient preferences yet: asking us is their consent to an answer; SMS opt-outs still hold
        if (inquirer == null && !preferences.of(message.patientId()).allows(message.channel().name(), marketing)) {
            save(claimed, message.suppressed("NO_CONSENT", now), List.of(), "suppressed");
            return;
        }
        if (address == null || address.isBlank()) {
            save(claimed, message.suppressed("NO_ADDRESS", now), List.of(), "suppressed");
            return;
        }
        String recipientKey = message.channel() == Channel.SMS ? contactKeys.of(address) : contactKeys.ofEmail(address);
        // an acknowledgement or marketing e-mail carries a one-click unsubscribe link, and honours it
        boolean unsubscribable = message.channel() == Channel.EMAIL && (marketing || inquirer != null);
        if (message.channel() == Channel.SMS ? preferences.isOptedOut(recipientKey)
                : unsubscribable && emailOptOuts.isOptedOut(recipientKey)) {
            save(claimed, message.suppressed("OPTED_OUT", now), List.of(), "suppressed");
            return;
        }
        if (!urgent && inquirer == null) {
            Instant allowed = cap.nextAllowed(now, messages.sentSince(message.patientId(), message.channel(),
                    now.minus(cap.window())));
            if (allowed.isAfter(now)) {
                Instant later = clinic.quietHours().earliestSendAt(allowed, clinic.zone());
                if (message.appointmentStart() != null && !later.isBefore(message.appointmentStart())) {
                    save(claimed, message.suppressed("FREQUENCY_CAP", now), List.of(), "suppressed");
                } else {
                    save(claimed, message.deferredUntil(later, now), List.of(), "deferred-frequency-cap");
                }
                return;
            }
        }
        String language = MessageTemplates.languageFor(contact.preferredLanguage());
        Map<String, Object> variables = variables(message, clinic, contact, language);
        if (message.reference() != null && message.kind().endsWith("_INSTRUCTIONS")) {
            try {
                PatientContacts.Instructions plan = contacts.carePlan(message.patientId(), message.reference());
                variables.put("instructionsTitle", plan.title() == null ? "" : plan.title());
                variables.put("instructions", plan.instructions());
            } catch (SendFailure failure) {
                failedAttempt(claimed, failure, now);
                return;
            }
        }
        Rendered rendered;
        try {
            rendered = templates.render(message.kind(), message.channel().name(), language, variables);
        } catch (TemplateFailure failure) {
            finalFailure(claimed, message.failed("TEMPLATE_FAILED", false, now), "TEMPLATE_FAILED");
            return;
        }
        String providerId;
        try {
            String unsubscribe = unsubscribable ? unsubscribeLinks.linkFor(new UnsubscribeLinks.Unsubscribe(
                    Callers.current().tenantId(), message.locationId(), recipientKey, message.id())) : null;
            providerId = message.channel() == Channel.EMAIL
                    ? email.send(new Outgoing(address, clinic.emailFrom(), rendered.subject(), rendered.body(), language,
                    clinic.inboundEmail(), unsubscribe), message.id())
                    : sms.send(new Outgoing(address, clinic.smsFrom(), null, rendered.body(), language), message.id());
        } catch (SendFailure failure) {
            failedAttempt(claimed, failure, now);
            return;
        }
        Instant sentAt = clock.instant();
        save(claimed, message.sent(providerId, recipientKey, language, sentAt),
                List.of(new MessageSent(message.id(), message.patientId(), message.locationId(), message.appointmentId(),
                        message.kind(), message.channel().name(), sentAt)), "sent");
    }

    /**
     * A message to the clinic's staff: no patient, so no contact lookup, consent, opt-out or frequency cap; the
     * address is the one configured for the role at the clinic, in the clinic's staff language.
     */
    private void sendToStaff(Versioned<Message> claimed, Clinic clinic, Instant now) {
        Message message = claimed.value();
        String address = switch (message.staffRole()) {
            case "INVENTORY" -> clinic.inventoryEmail();
            case "COORDINATOR" -> clinic.coordinatorEmail();
            default -> null;
        };
        if (address == null) {
            save(claimed, message.suppressed("NO_ADDRESS", now), List.of(), "suppressed");
            return;
        }
        String language = MessageTemplates.languageFor(clinic.staffLanguage());
        Map<String, Object> variables = new HashMap<>();
        variables.put("clinicName", clinic.name());
        variables.put("clinicPhone", clinic.phone() == null ? "" : clinic.phone());
        variables.putAll(details(message, language));
        Rendered rendered;
        try {
            rendered = templates.render(message.kind(), message.channel().name(), language, variables);
        } catch (TemplateFailure failure) {
            finalFailure(claimed, message.failed("TEMPLATE_FAILED", false, now), "TEMPLATE_FAILED");
            return;
        }
        String providerId;
        try {
            providerId = email.send(new Outgoing(address, clinic.emailFrom(), rendered.subject(), rendered.body(), language), message.id());
        } catch (SendFailure failure) {
            failedAttempt(claimed, failure, now);
            return;
        }
        Instant sentAt = clock.instant();
        // no message-sent event: those tell other services about a patient's messages; staff alerts are read here
        save(claimed, message.sent(providerId, null, language, sentAt), List.of(), "sent");
    }

    /** The event's facts as the text shows them: a date ({@code ...On}) in the reader's language, the rest as is. */
    private static Map<String, Object> details(Message message, String language) {
        Map<String, Object> variables = new HashMap<>();
        message.details().forEach((key, value) -> {
            if (key.endsWith("On")) {
                try {
                    variables.put(key, LocalTimes.date(LocalDate.parse(value), language));
                    return;
                } catch (DateTimeParseException notADate) {
                    // shown as it is
                }
            }
            variables.put(key, value);
        });
        return variables;
    }

    private void failedAttempt(Versioned<Message> claimed, SendFailure failure, Instant now) {
        Message message = claimed.value();
        if (!failure.retryable()) {
            finalFailure(claimed, message.failed(failure.code(), true, now), failure.code());
            return;
        }
        log.info("Message {} attempt {} failed: {} ({})", message.id(), message.attempts() + 1, failure.code(),
                failure.getCause() == null ? "-" : failure.getCause().getClass().getSimpleName());
        Optional<Instant> next = retries.nextAttempt(message.attempts() + 1, now);
        if (next.isPresent()) {
            save(claimed, message.retryAt(next.get(), failure.code(), now), List.of(), "retry");
        } else {
            finalFailure(claimed, message.failed("RETRIES_EXHAUSTED", true, now), "RETRIES_EXHAUSTED");
        }
    }

    private void finalFailure(Versioned<Message> claimed, Message failed, String reasonCode) {
        save(claimed, failed, List.of(new MessageFailed(failed.id(), failed.patientId(), failed.locationId(),
                failed.appointmentId(), failed.kind(), failed.channel().name(), reasonCode, failed.attempts(),
                failed.updatedAt())), "failed");
    }

    private void save(Versioned<Message> claimed, Message next, List<? extends DomainEvent> events, String outcome) {
        try {
            messages.record(claimed, next, events);
            meters.counter("liaison.notifications.dispatch", "outcome", outcome, "kind", next.kind(),
                    "channel", next.channel().name()).increment();
            log.info("Message {} ({} {}): {}", next.id(), next.kind(), next.channel(), outcome);
        } catch (ApiProblem lost) {
            // our lease expired and another replica took the message: its outcome stands
            log.warn("Message {}: lease lost before recording '{}'", next.id(), outcome);
        }
    }

    private static Map<String, Object> variables(Message message, Clinic clinic, Contact contact, String language) {
        Map<String, Object> variables = new HashMap<>();
        if (contact.firstName() != null) {
            variables.put("firstName", contact.firstName());
        }
        variables.put("clinicName", clinic.name());
        variables.put("clinicPhone", clinic.phone() == null ? "" : clinic.phone());
        if (message.appointmentStart() != null) {
            variables.put("appointmentDate", LocalTimes.date(message.appointmentStart(), clinic.zone(), language));
            variables.put("appointmentTime", LocalTimes.time(message.appointmentStart(), clinic.zone(), language));
        }
        variables.putAll(details(message, language));
        return variables;
    }

    @Override
    public synchronized void start() {
        if (!enabled || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("message-dispatcher").daemon().factory());
        long every = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sendDue();
                heartbeats.ran("reminder-dispatcher");
            } catch (RuntimeException e) {
                log.warn("Dispatch poll failed: {}", e.getClass().getSimpleName());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
