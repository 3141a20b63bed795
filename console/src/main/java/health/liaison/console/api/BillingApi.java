package health.liaison.console.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The billing area of the gateway's API, as the console uses it. */
@Component
public class BillingApi {

    private final RestClient gateway;

    BillingApi(RestClient gateway) {
        this.gateway = gateway;
    }

    public record Quote(String id, String patientId, String locationId, String appointmentTypeId, String currency,
                        BigDecimal total, LocalDate validUntil, String status, String appointmentId, String depositInvoiceId) {
    }

    public record Payment(String id, BigDecimal amount, String tender) {
    }

    public record Invoice(String id, String patientId, String locationId, String kind, String quoteId, String appointmentId,
                          String currency, BigDecimal total, BigDecimal paid, BigDecimal refunded, BigDecimal balance,
                          LocalDate dueOn, String status, List<Payment> payments) {
        public Invoice {
            payments = payments == null ? List.of() : payments;
        }
    }

    public List<Quote> quotesOf(String patientId) {
        return gateway.get().uri("/api/billing/v1/quotes?patientId={p}", patientId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    public Quote issueQuote(String patientId, String locationId, String appointmentTypeId, String surgeonId, int anesthesiaMinutes) {
        Map<String, Object> ask = new HashMap<>();
        ask.put("patientId", patientId);
        ask.put("locationId", locationId);
        ask.put("appointmentTypeId", appointmentTypeId);
        ask.put("surgeonId", surgeonId);
        ask.put("anesthesiaMinutes", anesthesiaMinutes);
        return gateway.post().uri("/api/billing/v1/quotes").body(ask).retrieve().body(Quote.class);
    }

    public Quote accept(String quoteId, String appointmentId) {
        Map<String, Object> acceptance = new HashMap<>();
        acceptance.put("appointmentId", appointmentId == null || appointmentId.isBlank() ? null : appointmentId);
        return gateway.post().uri("/api/billing/v1/quotes/{id}/acceptance", quoteId).body(acceptance).retrieve().body(Quote.class);
    }

    public Invoice invoice(String invoiceId) {
        return gateway.get().uri("/api/billing/v1/invoices/{id}", invoiceId).retrieve().body(Invoice.class);
    }

    /** Pays under the form's Idempotency-Key: a double submit of one form pays once. */
    public void pay(String invoiceId, BigDecimal amount, String currency, String tender, String reference, UUID idempotencyKey) {
        gateway.post().uri("/api/billing/v1/invoices/{id}/payments", invoiceId)
                .header("Idempotency-Key", idempotencyKey.toString())
                .body(payment(amount, currency, tender, reference)).retrieve().toBodilessEntity();
    }

    private static Map<String, Object> payment(BigDecimal amount, String currency, String tender, String reference) {
        Map<String, Object> payment = new HashMap<>();
        payment.put("amount", amount);
        payment.put("currency", currency);
        payment.put("tender", tender);
        payment.put("reference", reference == null || reference.isBlank() ? null : reference);
        return payment;
    }

    public void refund(String invoiceId, String paymentId, BigDecimal amount, String currency, String reason, UUID idempotencyKey) {
        gateway.post().uri("/api/billing/v1/invoices/{id}/payments/{p}/refunds", invoiceId, paymentId)
                .header("Idempotency-Key", idempotencyKey.toString())
                .body(Map.of("amount", amount, "currency", currency, "reason", reason)).retrieve().toBodilessEntity();
    }
}
