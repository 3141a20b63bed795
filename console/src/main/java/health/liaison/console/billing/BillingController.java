package health.liaison.console.billing;

import health.liaison.console.api.BillingApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.util.UUID;

/** The billing desk: quote → acceptance → deposit payment, balance, refund. */
@Controller
class BillingController {

    private final BillingDesk desk;
    private final BillingApi billing;

    BillingController(BillingDesk desk, BillingApi billing) {
        this.desk = desk;
        this.billing = billing;
    }

    @GetMapping("/billing")
    String quotes(@RequestParam(required = false) String patientId, Model model) {
        model.addAttribute("desk", desk.quotes(patientId));
        return "billing/quotes";
    }

    @PostMapping("/billing/quotes")
    String issue(@RequestParam String patientId, @RequestParam String locationId, @RequestParam String appointmentTypeId,
                 @RequestParam(required = false) String surgeonId, @RequestParam(defaultValue = "0") int anesthesiaMinutes) {
        billing.issueQuote(patientId, locationId, appointmentTypeId, surgeonId == null || surgeonId.isBlank() ? null : surgeonId,
                anesthesiaMinutes);
        return "redirect:/billing?patientId=" + patientId;
    }

    @PostMapping("/billing/quotes/{quoteId}/acceptance")
    String accept(@PathVariable String quoteId, @RequestParam(required = false) String appointmentId) {
        BillingApi.Quote accepted = billing.accept(quoteId, appointmentId);
        return accepted.depositInvoiceId() == null ? "redirect:/billing?patientId=" + accepted.patientId()
                : "redirect:/billing/invoices/" + accepted.depositInvoiceId();
    }

    @GetMapping("/billing/invoices/{invoiceId}")
    String invoice(@PathVariable String invoiceId, Model model) {
        model.addAttribute("page", desk.invoice(invoiceId));
        return "billing/invoice";
    }

    @PostMapping("/billing/invoices/{invoiceId}/payments")
    String pay(@PathVariable String invoiceId, @RequestParam BigDecimal amount, @RequestParam String currency,
               @RequestParam String tender, @RequestParam(required = false) String reference, @RequestParam UUID paymentKey,
               RedirectAttributes redirect) {
        billing.pay(invoiceId, amount, currency, tender, reference, paymentKey);
        redirect.addFlashAttribute("notice", "billing.paid-ok");
        return "redirect:/billing/invoices/" + invoiceId;
    }

    @PostMapping("/billing/invoices/{invoiceId}/payments/{paymentId}/refunds")
    String refund(@PathVariable String invoiceId, @PathVariable String paymentId, @RequestParam BigDecimal amount,
                  @RequestParam String currency, @RequestParam String reason, @RequestParam UUID refundKey,
                  RedirectAttributes redirect) {
        billing.refund(invoiceId, paymentId, amount, currency, reason, refundKey);
        redirect.addFlashAttribute("notice", "billing.refund-ok");
        return "redirect:/billing/invoices/" + invoiceId;
    }
}
