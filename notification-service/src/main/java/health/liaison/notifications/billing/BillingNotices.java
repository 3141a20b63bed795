package health.liaison.notifications.billing;

import health.liaison.notifications.delivery.Channel;
import health.liaison.notifications.delivery.Message;
import health.liaison.notifications.delivery.Messages;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.billing.DepositInvoiced;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.InstalmentOverdue;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.events.billing.PaymentReceived;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Billing's facts that the patient hears of: a deposit invoiced (DEPOSIT_DUE, email and SMS, with the due date), a
 * payment received (PAYMENT_RECEIPT, email), an invoice or an instalment overdue (INVOICE_OVERDUE,
 * INSTALMENT_OVERDUE, email and SMS). No amounts: billing's events carry none, and none is invented. An SMS names
 * neither the procedure nor the invoice. Message ids derive from the kind, the invoice (or payment) and the channel,
 * so a redelivered event plans nothing twice. A deposit-due notice still waiting (quiet hours, frequency cap) when
 * the deposit is paid is cancelled, never sent: both events are keyed by the invoice, so they arrive in order, and a
 * duplicate of the invoicing (an outbox resend) always comes before the payment.
 */
@Component
class BillingNotices {

    private static final List<Channel> EMAIL_AND_SMS = List.of(Channel.EMAIL, Channel.SMS);

    private final Messages messages;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    BillingNotices(Messages messages, EventInbox inbox, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        this.reaction = inbox.reaction("billing-notices")
                .on(DepositInvoiced.class, this::depositInvoiced)
                .on(DepositPaid.class, this::depositPaid)
                .on(PaymentReceived.class, this::paymentReceived)
                .on(InvoiceOverdue.class, this::invoiceOverdue)
                .on(InstalmentOverdue.class, this::instalmentOverdue);
    }

    @KafkaListener(topics = Topics.BILLING_INVOICE, groupId = "${spring.kafka.consumer.group-id}.billing-notices")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void depositInvoiced(ReceivedEvent<DepositInvoiced> event) {
        DepositInvoiced invoiced = event.payload();
        Map<String, String> details = invoiced.dueOn() == null ? Map.of() : Map.of("dueOn", invoiced.dueOn().toString());
        // tied to the appointment: a cancelled surgery's deposit reminder is cancelled with it
        plan("deposit-due-" + invoiced.invoiceId(), invoiced.patientId(), invoiced.locationId(), invoiced.appointmentId(),
                "DEPOSIT_DUE", EMAIL_AND_SMS, details, event.id());
    }

    private void depositPaid(ReceivedEvent<DepositPaid> event) {
        String prefix = "deposit-due-" + event.payload().invoiceId() + "-";
        messages.cancelPendingIds(EMAIL_AND_SMS.stream().map(channel -> prefix + channel.name()).toList());
    }

    private void paymentReceived(ReceivedEvent<PaymentReceived> event) {
        PaymentReceived payment = event.payload();
        // one receipt per payment: an invoice paid in several payments gets one for each
        plan("receipt-" + payment.invoiceId() + "-" + payment.paymentId(), payment.patientId(), payment.locationId(), null,
                "PAYMENT_RECEIPT", List.of(Channel.EMAIL), Map.of(), event.id());
    }

    private void invoiceOverdue(ReceivedEvent<InvoiceOverdue> event) {
        InvoiceOverdue overdue = event.payload();
        plan("invoice-overdue-" + overdue.invoiceId() + "-" + overdue.dueOn(), overdue.patientId(), overdue.locationId(),
                null, "INVOICE_OVERDUE", EMAIL_AND_SMS, Map.of("dueOn", overdue.dueOn().toString()), event.id());
    }

    private void instalmentOverdue(ReceivedEvent<InstalmentOverdue> event) {
        InstalmentOverdue overdue = event.payload();
        plan("instalment-overdue-" + overdue.invoiceId() + "-" + overdue.instalment(), overdue.patientId(),
                overdue.locationId(), null, "INSTALMENT_OVERDUE", EMAIL_AND_SMS,
                Map.of("dueOn", overdue.dueOn().toString(), "instalment", Integer.toString(overdue.instalment())),
                event.id());
    }

    private void plan(String idPrefix, String patientId, String locationId, String appointmentId, String kind,
                      List<Channel> channels, Map<String, String> details, String eventId) {
        Instant now = clock.instant();
        for (Channel channel : channels) {
            messages.plan(Message.planned(idPrefix + "-" + channel.name(), patientId, locationId, appointmentId, kind,
                    channel, now, null, eventId, now).withDetails(details));
        }
    }
}
