package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.math.BigDecimal;
import java.time.Instant;

/** The patient accepted a quote (its total and currency); the deposit invoice was created with it. */
@EventType(value = "health.liaison.billing.quote.accepted.v1", topic = Topics.BILLING_INVOICE)
public record QuoteAccepted(String quoteId, String patientId, String locationId, String appointmentTypeId, String appointmentId, String depositInvoiceId, Instant acceptedAt, BigDecimal total, String currency) implements DomainEvent {

    @Override
    public String subject() {
        return quoteId;
    }
}
