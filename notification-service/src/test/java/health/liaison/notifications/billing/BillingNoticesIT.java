package health.liaison.notifications.billing;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.ServiceEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.billing.DepositInvoiced;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.InstalmentOverdue;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.events.billing.PaymentReceived;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Billing's facts reach the patient once: deposit due, payment receipt, invoice and instalment overdue. */
class BillingNoticesIT extends ServiceUnderTest {

    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);
    private static final DateTimeFormatter ES = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", Locale.forLanguageTag("es"));

    @Test
    void anInvoicedDepositIsEmailedAndTextedOnceWithItsDueDateAndTheSmsNamesNoProcedure() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", phone = uniquePhone(), invoice = unique("inv");
        TestProviders.patientInRecords(patient, "Ana", email, phone, "en");
        LocalDate dueOn = LocalDate.ofInstant(CLOCK.instant(), MIAMI).plusDays(14);
        DepositInvoiced invoiced = new DepositInvoiced(invoice, unique("quote"), patient, "aurora-miami", unique("apt"),
                dueOn, Instant.now());

        ServiceEvents.billing("aurora", "aurora-miami", invoiced);
        ServiceEvents.billing("aurora", "aurora-miami", invoiced); // a redelivery under another event id

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1 && TestProviders.smsTo(phone) == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your deposit at Aurora Miami is due on " + EN.format(dueOn));
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(email);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("miami@aurora-aesthetics.example");
        assertThat(mail.getContent().toString()).contains("Hello Ana,").contains("It is due on " + EN.format(dueOn) + ".");
        assertThat(TestProviders.smsBodiesTo(phone).getFirst())
                .isEqualTo("Aurora Miami: a deposit for your booking is due on " + EN.format(dueOn)
                        + ". Questions? Call +1 305 555 0100. Reply STOP to opt out.");
        assertThat(statusOf(patient, "deposit-due-" + invoice + "-EMAIL")).isEqualTo("SENT");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> TestProviders.mailTo(email).size() == 1 && TestProviders.smsTo(phone) == 1);
        assertThat(messagesOf(patient)).hasSize(2);
    }

    @Test
    void aDepositDueNoticeStillQueuedWhenTheDepositIsPaidIsCancelledNeverSent() throws Exception {
        goToNextMorning();
        CLOCK.advanceTo(nextMiami(0, LocalTime.of(23, 30))); // quiet hours: the notice waits for the morning
        String patient = unique("pat"), email = patient + "@example.com", phone = uniquePhone(), invoice = unique("inv");
        TestProviders.patientInRecords(patient, "Ana", email, phone, "en");
        String appointment = unique("apt");
        ServiceEvents.billing("aurora", "aurora-miami", new DepositInvoiced(invoice, unique("quote"), patient, "aurora-miami",
                appointment, LocalDate.ofInstant(CLOCK.instant(), MIAMI).plusDays(14), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(statusOf(patient, "deposit-due-" + invoice + "-EMAIL"))
                && "QUEUED".equals(statusOf(patient, "deposit-due-" + invoice + "-SMS")));

        ServiceEvents.billing("aurora", "aurora-miami", new DepositPaid(invoice, unique("quote"), patient, "aurora-miami", appointment, Instant.now(),
                new BigDecimal("1500.00"), "USD"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(statusOf(patient, "deposit-due-" + invoice + "-EMAIL"))
                && "CANCELLED".equals(statusOf(patient, "deposit-due-" + invoice + "-SMS")));

        goToNextMorning();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> TestProviders.mailTo(email).isEmpty() && TestProviders.smsTo(phone) == 0);
        assertThat(statusOf(patient, "deposit-due-" + invoice + "-EMAIL")).isEqualTo("CANCELLED");
    }

    @Test
    void aPaymentIsAcknowledgedOnceInThePatientsLanguage() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", invoice = unique("inv"), payment = unique("pay");
        TestProviders.patientInRecords(patient, "Lucía", email, null, "es");
        PaymentReceived received = new PaymentReceived(payment, invoice, patient, "aurora-miami", "CARD", Instant.now(), new BigDecimal("500.00"), "USD");

        ServiceEvents.billing("aurora", "aurora-miami", received);
        ServiceEvents.billing("aurora", "aurora-miami", received);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Recibimos su pago, gracias");
        assertThat(mail.getHeader("Content-Language")).containsExactly("es");
        assertThat(mail.getContent().toString()).contains("Hola Lucía:").contains("Aurora Miami recibió su pago.");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(messagesOf(patient)).extracting(m -> m.get("id").asString())
                .containsExactly("receipt-" + invoice + "-" + payment + "-EMAIL");
    }

    @Test
    void anOverdueInvoiceIsNoticedOnceWithTheDateItWasDue() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", invoice = unique("inv");
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        LocalDate dueOn = LocalDate.ofInstant(CLOCK.instant(), MIAMI).minusDays(3);
        InvoiceOverdue overdue = new InvoiceOverdue(invoice, patient, "aurora-miami", dueOn, Instant.now());

        ServiceEvents.billing("aurora", "aurora-miami", overdue);
        ServiceEvents.billing("aurora", "aurora-miami", overdue);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your invoice from Aurora Miami is overdue");
        assertThat(mail.getContent().toString()).contains("was due on " + EN.format(dueOn) + " has not been paid yet");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
        // the SMS twin: records has no phone for this patient
        assertThat(statusOf(patient, "invoice-overdue-" + invoice + "-" + dueOn + "-SMS")).isEqualTo("SUPPRESSED");
    }

    @Test
    void anOverdueInstalmentIsNoticedOnceNamingTheInstalment() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), email = patient + "@example.com", invoice = unique("inv");
        TestProviders.patientInRecords(patient, "Lucía", email, null, "es");
        LocalDate dueOn = LocalDate.ofInstant(CLOCK.instant(), MIAMI).minusDays(1);
        InstalmentOverdue overdue = new InstalmentOverdue(invoice, 2, patient, "aurora-miami", dueOn, Instant.now());

        ServiceEvents.billing("aurora", "aurora-miami", overdue);
        ServiceEvents.billing("aurora", "aurora-miami", overdue);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("La cuota 2 de su plan de pagos está vencida");
        assertThat(mail.getContent().toString()).contains("con vencimiento el " + ES.format(dueOn) + ", aún no está pagada");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
    }

    private static String uniquePhone() {
        return "+1786" + String.format("%07d", (long) (Math.random() * 10_000_000));
    }
}
