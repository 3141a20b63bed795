package health.liaison.console.billing;

import health.liaison.console.api.BillingApi;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * The billing desk's view models. Every payment and refund form is rendered with a fresh Idempotency-Key, which
 * the form posts back: submitting the same form twice pays (or refunds) once.
 */
@Component
class BillingDesk {

    private final BillingApi billing;

    BillingDesk(BillingApi billing) {
        this.billing = billing;
    }

    record Quotes(String patientId, List<BillingApi.Quote> quotes) {
    }

    record InvoicePage(BillingApi.Invoice invoice, UUID paymentKey, List<RefundForm> refunds) {
    }

    record RefundForm(BillingApi.Payment payment, UUID refundKey) {
    }

    Quotes quotes(String patientId) {
        return new Quotes(patientId, patientId == null || patientId.isBlank() ? List.of() : billing.quotesOf(patientId));
    }

    InvoicePage invoice(String invoiceId) {
        BillingApi.Invoice invoice = billing.invoice(invoiceId);
        return new InvoicePage(invoice, UUID.randomUUID(),
                invoice.payments().stream().map(payment -> new RefundForm(payment, UUID.randomUUID())).toList());
    }
}
