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
import java.util.List;

/** Replies the service could not act on, for a coordinator of the clinic to answer. */
@RestController
class CoordinatorInbox {

    private final TenantStore<InboundText> texts;
    private final FieldCipher cipher;

    CoordinatorInbox(TenantStores stores, FieldCipher cipher) {
        this.texts = stores.of(InboundText.class, "inbound_texts", "text");
        this.cipher = cipher;
    }

    @Operation(summary = "Patients' text replies that need a coordinator, newest first")
    @GetMapping("/api/notifications/v1/inbox")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    List<InboxEntry> inbox(@RequestParam String locationId) {
        if (!Callers.current().worksAt(locationId) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("You do not work at this clinic.");
        }
        return texts.find(Criteria.where("locationId").is(locationId).and("intent").is(ReplyIntent.OTHER.name()),
                        Sort.by(Sort.Direction.DESC, "receivedAt"), 100).stream()
                .map(t -> new InboxEntry(t.id(), t.patientId(), t.answeredMessageId(),
                        cipher.open(t.sealedText(), t.id(), InboundText.FIELD), t.receivedAt())).toList();
    }

    record InboxEntry(String id, String patientId, String answeredMessageId, String text, Instant receivedAt) {
    }
}
