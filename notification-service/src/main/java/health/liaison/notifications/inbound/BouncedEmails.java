package health.liaison.notifications.inbound;

import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.MessageStatus;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.notifications.MessageFailed;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What an e-mail provider's bounce report does, whichever provider's webhook brought it (the port the bounce
 * adapters call once they have checked the provider's signature): a hard bounce or a complaint turns a sent e-mail
 * into BOUNCED and publishes message.failed with reason BOUNCED; a soft bounce is only acknowledged (the provider
 * retries). A report repeated by the provider changes nothing more.
 */
@Component
public class BouncedEmails {

    public enum Kind { HARD, SOFT, COMPLAINT }

    private final Messages messages;
    private final Clock clock;

    BouncedEmails(Messages messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    /** Returns "recorded" or "acknowledged"; 404 when the practice group sent no e-mail with that provider id. */
    public String reported(String tenantId, String providerMessageId, Kind kind) {
        return Callers.callAs(Caller.system(tenantId), () -> {
            Versioned<Message> sent = messages.byProviderId(providerMessageId)
                    .orElseThrow(() -> ApiProblem.notFound("message"));
            if (kind == Kind.SOFT) {
                return "acknowledged";
            }
            Instant now = clock.instant();
            messages.change(sent.value().id(), m -> m.status() == MessageStatus.SENT || m.status() == MessageStatus.DELIVERED
                    ? TenantStore.Change.of(m.undelivered(MessageStatus.BOUNCED, "BOUNCED", now),
                    List.of(new MessageFailed(m.id(), m.patientId(), m.locationId(), m.appointmentId(), m.kind(),
                            m.channel().name(), "BOUNCED", m.attempts(), now)), m.locationId())
                    : TenantStore.Change.quietly(m));
            return "recorded";
        });
    }
}
