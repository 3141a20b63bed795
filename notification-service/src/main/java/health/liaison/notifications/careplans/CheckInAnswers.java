package health.liaison.notifications.careplans;

import health.liaison.notifications.NotificationProperties;
import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.MessageStatus;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.notifications.CheckInAnswered;
import health.liaison.platform.store.TenantStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A patient's text that answers her post-op check-in: the last SMS to her number was a POST_OP_CHECK_IN sent within
 * {@code liaison.notifications.post-op.answer-window}, and the text is 1, 2 or 3 ({@link CheckInAnswer}). The answer
 * is recorded on that message as a code and announced by {@code check-in-answered} in the same single-document write
 * (the message's outbox), so a crash loses nothing; the first answer counts, so a second reply or a redelivered
 * webhook records nothing more.
 */
@Component
public class CheckInAnswers {

    public static final String KIND = "POST_OP_CHECK_IN";

    private final Messages messages;
    private final Duration window;

    CheckInAnswers(Messages messages, NotificationProperties properties) {
        this.messages = messages;
        this.window = properties.postOp().answerWindow();
    }

    /** The answer {@code text} gives to {@code lastSms}, if that text was a check-in still open for answers. */
    public Optional<CheckInAnswer> answerTo(Message lastSms, String text, Instant now) {
        boolean open = KIND.equals(lastSms.kind()) && lastSms.channel() == Channel.SMS && lastSms.patientId() != null
                && lastSms.sentAt() != null && !now.isAfter(lastSms.sentAt().plus(window));
        return open ? CheckInAnswer.of(text) : Optional.empty();
    }

    /**
     * Records the answer on the check-in unless it has one already, and returns the answer that counts: this one,
     * or the one recorded before (a second reply, a redelivered webhook).
     */
    public Optional<CheckInAnswer> record(Message checkIn, CheckInAnswer answer, Instant now) {
        Message stored = messages.change(checkIn.id(), current -> {
            boolean answerable = current.status() == MessageStatus.SENT || current.status() == MessageStatus.DELIVERED;
            if (current.answered() || !answerable) {
                return TenantStore.Change.quietly(current);
            }
            return TenantStore.Change.of(current.answeredWith(answer.name(), now), List.of(new CheckInAnswered(
                    current.id(), current.patientId(), current.locationId(), current.appointmentId(), answer.name(), now)),
                    current.locationId());
        }).value();
        return Optional.ofNullable(stored.answer()).map(CheckInAnswer::valueOf);
    }

    /**
     * What the patient reads back, in the check-in's language: a WORSE that counts promises a call; a WORSE after an
     * earlier better answer asks her to call, since that earlier answer is the one the clinic acts on.
     */
    public static String reply(Message checkIn, String clinicName, String clinicPhone, CheckInAnswer given,
                               Optional<CheckInAnswer> counted) {
        boolean es = "es".equals(checkIn.language());
        String phone = clinicPhone == null ? "" : " " + clinicPhone;
        if (counted.orElse(given) == CheckInAnswer.WORSE) {
            return clinicName + (es ? ": gracias. Una coordinadora le llamará pronto. Emergencia: 911."
                    : ": thank you. A coordinator will call you soon. Emergency: 911.");
        }
        if (given == CheckInAnswer.WORSE) {
            return clinicName + (es ? ": ya tenemos su respuesta. Si se siente peor, llámenos" + phone + ". Emergencia: 911."
                    : ": we already have your answer. If you feel worse, call us" + phone + ". Emergency: 911.");
        }
        return clinicName + (es ? ": gracias por su respuesta. ¿Alguna duda? Llámenos" + phone + "."
                : ": thank you for your answer. Any concern? Call us" + phone + ".");
    }
}
