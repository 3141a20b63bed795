package health.liaison.scheduling.journey;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.PriorAuthorizationDecided;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.scheduling.booking.Bookings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;

/**
 * What billing's events mean for the calendar: a paid deposit confirms the surgery date held for it; a prior
 * authorization decision is kept so a surgery that needs one is confirmed only inside its approved window.
 */
@Component
class BillingReactions {

    private static final Logger log = LoggerFactory.getLogger(BillingReactions.class);

    private final Bookings bookings;
    private final TenantStore<Authorization> authorizations;
    private final EventInbox.Reaction reaction;

    BillingReactions(Bookings bookings, TenantStores stores, EventInbox inbox) {
        this.bookings = bookings;
        this.authorizations = stores.of(Authorization.class, "prior_authorizations", "prior authorization");
        this.reaction = inbox.reaction("scheduling-billing-reactions")
                .on(DepositPaid.class, this::depositPaid)
                .on(PriorAuthorizationDecided.class, this::decided);
    }

    /** A payer's decision about an appointment, as billing announced it. */
    record Authorization(String id, String appointmentId, String decision, LocalDate validFrom, LocalDate validTo) {
    }

    @KafkaListener(topics = Topics.BILLING_INVOICE, groupId = "${spring.kafka.consumer.group-id}.deposits")
    void onInvoices(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    @KafkaListener(topics = Topics.BILLING_CLAIM, groupId = "${spring.kafka.consumer.group-id}.authorizations")
    void onClaims(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void depositPaid(ReceivedEvent<DepositPaid> event) {
        String appointmentId = event.payload().appointmentId();
        if (appointmentId == null) {
            return;
        }
        Bookings.Confirmation outcome = bookings.confirmForDeposit(appointmentId);
        if (outcome != Bookings.Confirmation.CONFIRMED && outcome != Bookings.Confirmation.ALREADY) {
            // the hold lapsed, was cancelled, or the surgery still needs its prior authorization: a coordinator decides
            log.info("Deposit paid for appointment {} but it was not confirmed: {}", appointmentId, outcome);
        }
    }

    private void decided(ReceivedEvent<PriorAuthorizationDecided> event) {
        PriorAuthorizationDecided d = event.payload();
        if (d.appointmentId() == null) {
            return;
        }
        Authorization authorization = new Authorization(d.authorizationId(), d.appointmentId(), d.decision(), d.validFrom(), d.validTo());
        try {
            authorizations.insert(authorization, List.of(), d.locationId());
        } catch (DuplicateKeyException known) {
            authorizations.modify(d.authorizationId(), a -> TenantStore.Change.quietly(authorization));
        }
    }
}
