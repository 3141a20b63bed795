package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the billing area publishes. Each has a pinned JSON sample in the contract test. */
public final class BillingEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(QuoteIssued.class, QuoteAccepted.class,
            DepositInvoiced.class, DepositPaid.class, PaymentReceived.class, RefundIssued.class, InvoiceOverdue.class,
            InstalmentOverdue.class, PriorAuthorizationDecided.class, ClaimSubmitted.class, ClaimPaid.class, ClaimDenied.class);

    private BillingEvents() {
    }
}
