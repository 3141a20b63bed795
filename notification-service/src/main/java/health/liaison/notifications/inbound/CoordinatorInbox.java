package health.liaison.notifications.inbound;

import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replies the service could not act on, for a coordinator of the clinic to answer: texts it did not understand, and
 * e-mails from patients (or from anyone records could not take as an inquiry yet), newest first.
 */
@RestController
class CoordinatorInbox {

    private final TenantStore<InboundText> texts;
    private final TenantStore<InboundEmail> emails;
    private final FieldCipher cipher;

    CoordinatorInbox(TenantStores stores, FieldCipher cipher) {
        this.texts = stores.of(InboundText.class, "inbound_texts", "text");
        this.emails = stores.ofNamed(InboundEmail.class, "inbound_emails", "e-mail");
        this.cipher = cipher;
    }

    @Operation(summary = "Patients' text and e-mail replies that need a coordinator, newest first")
    @GetMapping("/api/notifications/v1/inbox")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    List<InboxEntry> inbox(@RequestParam String locationId) {
        if (!Callers.current().worksAt(locationId) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("You do not work at this clinic.");
        }
        Sort newestFirst = Sort.by(Sort.Direction.DESC, "receivedAt");
        List<InboxEntry> entries = new ArrayList<>();
        texts.find(Criteria.where("locationId").is(locationId).and("intent").is(ReplyIntent.OTHER.name()), newestFirst, 100)
                .forEach(t -> entries.add(new InboxEntry(t.id(), "SMS", t.patientId(), t.answeredMessageId(), null, null,
                        null, cipher.open(t.sealedText(), t.id(), InboundText.FIELD), t.receivedAt())));
        emails.find(Criteria.where("locationId").is(locationId).and("inquiryId").is(null), newestFirst, 100)
                .forEach(e -> entries.add(new InboxEntry(e.id(), "EMAIL", e.patientId(), e.answeredMessageId(),
                        cipher.open(e.sealedFrom(), e.id(), InboundEmail.FROM), e.senderAuthenticated(),
                        cipher.open(e.sealedSubject(), e.id(), InboundEmail.SUBJECT),
                        cipher.open(e.sealedText(), e.id(), InboundEmail.TEXT), e.receivedAt())));
        entries.sort(Comparator.comparing(InboxEntry::receivedAt).reversed());
        return entries.size() > 100 ? entries.subList(0, 100) : entries;
    }

    /**
     * An SMS has no sender or subject here (the number is kept only as a keyed hash); an e-mail has both, and whether
     * the provider found its sender's domain authenticated (a From header alone can be forged).
     */
    record InboxEntry(String id, String channel, String patientId, String answeredMessageId, String from,
                      Boolean senderAuthenticated, String subject, String text, Instant receivedAt) {
    }
}
