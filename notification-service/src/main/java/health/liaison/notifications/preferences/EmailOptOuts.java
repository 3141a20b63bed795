package health.liaison.notifications.preferences;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * E-mail opt-outs of the caller's practice group, by the address's keyed hash: the one-click unsubscribe link of an
 * acknowledgement or marketing e-mail records one (once: a second click, or two replicas at once, change nothing),
 * and the dispatcher then suppresses those e-mails to that address ({@code OPTED_OUT}). Care messages to a patient
 * (reminders, instructions) follow the patient's own preferences, not this.
 */
@Component
public class EmailOptOuts {

    private static final Logger log = LoggerFactory.getLogger(EmailOptOuts.class);

    private final TenantStore<EmailOptOut> optOuts;
    private final UnsubscribeLinks links;
    private final Clock clock;

    EmailOptOuts(TenantStores stores, UnsubscribeLinks links, Clock clock) {
        this.optOuts = stores.ofNamed(EmailOptOut.class, "email_opt_outs", "opt-out");
        this.links = links;
        this.clock = clock;
    }

    public boolean isOptedOut(String recipientKey) {
        return optOuts.find(recipientKey).isPresent();
    }

    /** The one-click POST: records the opt-out the token names; a token that does not verify is a 404. */
    public void unsubscribe(String token) {
        UnsubscribeLinks.Unsubscribe what = links.verify(token).orElseThrow(() -> ApiProblem.notFound("unsubscribe link"));
        Callers.runAs(Caller.system(what.tenantId()), () -> {
            try {
                optOuts.insert(new EmailOptOut(what.recipientKey(), what.locationId(), what.messageId(), clock.instant()),
                        List.of(), what.locationId());
                log.info("E-mail opt-out recorded from message {} at {}", what.messageId(), what.locationId());
            } catch (DuplicateKeyException alreadyOptedOut) {
                // a second click or a mail client's retry: the opt-out stands as recorded
            }
        });
    }

    /** Whether the token is one of ours (for the page a browser shows before the reader confirms). */
    public boolean isValid(String token) {
        return links.verify(token).isPresent();
    }
}
