package health.liaison.platform.events.billing;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.EventType;
import health.liaison.platform.events.Topics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A cost estimate was issued to a patient for a procedure: its total and currency (the lines stay in billing). */
@EventType(value = "health.liaison.billing.quote.issued.v1", topic = Topics.BILLING_INVOICE)
public record QuoteIssued(String quoteId, String patientId, String locationId, String appointmentTypeId, int version, LocalDate validUntil, Instant issuedAt, BigDecimal total, String currency) implements DomainEvent {

    @Override
    public String subject() {
        return quoteId;
    }
}
