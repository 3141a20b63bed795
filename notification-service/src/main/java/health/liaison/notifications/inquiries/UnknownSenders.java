package health.liaison.notifications.inquiries;

import health.liaison.notifications.channels.SendFailure;
import health.liaison.notifications.contacts.PatientContacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A text from a number we never wrote to (no patient we know of) is a prospective patient: it is handed to records as
 * an SMS inquiry, with the service's own token for the practice group and behind the records circuit breaker,
 * idempotent by the provider's message id. If records cannot take it now, the text still waits in the coordinators'
 * inbox, where every unrecognised text goes; nothing of it is logged. An e-mail from an address that is no patient's
 * goes the same way as an EMAIL inquiry.
 */
@Component
public class UnknownSenders {

    private static final Logger log = LoggerFactory.getLogger(UnknownSenders.class);
    private static final int MAX_MESSAGE = 5000;

    private final PatientContacts records;

    UnknownSenders(PatientContacts records) {
        this.records = records;
    }

    /** Runs as the clinic's practice group; returns the inquiry's id when records took it. */
    public Optional<String> textReceived(String providerMessageId, String locationId, String from, String body) {
        try {
            String text = body.length() > MAX_MESSAGE ? body.substring(0, MAX_MESSAGE) : body;
            String id = records.newInquiry(new PatientContacts.NewInquiry(locationId, "SMS", from, null, text),
                    "sms-" + providerMessageId);
            log.info("Text {} from an unknown sender at {} became inquiry {}", providerMessageId, locationId, id);
            return Optional.of(id);
        } catch (SendFailure unavailable) {
            log.warn("Text {} at {} could not be handed to records as an inquiry ({}); it waits in the inbox",
                    providerMessageId, locationId, unavailable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Runs as the clinic's practice group: an e-mail from an address that is no patient's, as an EMAIL inquiry keyed
     * by the e-mail's id ({@code mail-<hash of its Message-ID>}); returns the inquiry's id when records took it.
     */
    public Optional<String> mailReceived(String emailId, String locationId, String from, String text) {
        try {
            String message = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
            String id = records.newInquiry(new PatientContacts.NewInquiry(locationId, "EMAIL", null, from,
                    message.isBlank() ? null : message), emailId);
            log.info("E-mail {} from an unknown sender at {} became inquiry {}", emailId, locationId, id);
            return Optional.of(id);
        } catch (SendFailure unavailable) {
            log.warn("E-mail {} at {} could not be handed to records as an inquiry ({}); it waits in the inbox",
                    emailId, locationId, unavailable.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
