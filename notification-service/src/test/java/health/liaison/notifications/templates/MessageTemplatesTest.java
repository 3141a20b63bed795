package health.liaison.notifications.templates;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTemplatesTest {

    final MessageTemplates templates = new MessageTemplates();
    final Map<String, String> variables = Map.of("firstName", "Lucía", "clinicName", "Aurora Miami",
            "clinicPhone", "+1 305 555 0100", "appointmentDate", "martes 11 de junio", "appointmentTime", "14:30");

    @Test
    void anEmailHasItsSubjectFromTheFirstLine() {
        Rendered rendered = templates.render("REMINDER", "EMAIL", "es", variables);
        assertThat(rendered.subject()).isEqualTo("Recordatorio: su cita en Aurora Miami el martes 11 de junio");
        assertThat(rendered.body()).startsWith("Hola Lucía:").contains("a las 14:30").doesNotContain("Subject");
    }

    @Test
    void everyKindExistsInEveryLanguageOnEveryChannel() {
        for (String kind : new String[]{"WELCOME", "BOOKING_CONFIRMATION", "REMINDER"}) {
            for (String channel : new String[]{"EMAIL", "SMS"}) {
                for (String language : MessageTemplates.LANGUAGES) {
                    Rendered rendered = templates.render(kind, channel, language, variables);
                    assertThat(rendered.body()).doesNotContain("{{").isNotBlank();
                }
            }
        }
    }

    @Test
    void billingCheckInAndStockKindsRenderInEveryLanguageAndTheirSmsNamesNoProcedureAndNoAmount() {
        Map<String, String> facts = new java.util.HashMap<>(Map.of("firstName", "Lucía", "clinicName", "Aurora Miami",
                "clinicPhone", "+1 305 555 0100", "dueOn", "June 20", "instalment", "2", "procedure", "Rhinoplasty"));
        facts.putAll(Map.of("sku", "IMP-300", "lot", "L1", "expiresOn", "July 1", "withinDays", "30", "available", "2",
                "reorderPoint", "5"));
        facts.putAll(Map.of("manufacturer", "Mentor", "recallId", "recall-1", "patients", "2"));
        Map<String, String[]> kinds = Map.of("DEPOSIT_DUE", new String[]{"EMAIL", "SMS"}, "PAYMENT_RECEIPT", new String[]{"EMAIL"},
                "INVOICE_OVERDUE", new String[]{"EMAIL", "SMS"}, "INSTALMENT_OVERDUE", new String[]{"EMAIL", "SMS"},
                "POST_OP_CHECK_IN", new String[]{"EMAIL", "SMS"}, "LOW_STOCK", new String[]{"EMAIL"},
                "STOCK_EXPIRING", new String[]{"EMAIL"}, "RECALL_NOTICE", new String[]{"EMAIL", "SMS"},
                "RECALL_RAISED", new String[]{"EMAIL"});
        kinds.forEach((kind, channels) -> {
            for (String channel : channels) {
                for (String language : MessageTemplates.LANGUAGES) {
                    Rendered rendered = templates.render(kind, channel, language, facts);
                    assertThat(rendered.body()).as(kind + " " + channel + " " + language).isNotBlank()
                            .doesNotContain("{{").doesNotContain("Rhinoplasty").doesNotContain("$");
                    if (channel.equals("SMS")) {
                        assertThat(rendered.body().length()).as(kind + " " + language).isLessThanOrEqualTo(160);
                    }
                }
            }
        });
    }

    @Test
    void aMissingVariableFailsTheWholeRenderingInsteadOfLeavingAGap() {
        assertThatThrownBy(() -> templates.render("REMINDER", "SMS", "en", Map.of("clinicName", "Aurora Miami")))
                .isInstanceOf(TemplateFailure.class).hasMessageContaining("appointmentDate");
    }

    @Test
    void anSmsNamesNoProcedure() {
        for (String language : MessageTemplates.LANGUAGES) {
            String sms = templates.render("REMINDER", "SMS", language, Map.of("firstName", "Ana", "clinicName", "Aurora Miami",
                    "clinicPhone", "1", "appointmentDate", "d", "appointmentTime", "t", "procedure", "Rhinoplasty")).body();
            assertThat(sms).doesNotContain("Rhinoplasty");
        }
    }

    @Test
    void aLanguageWithoutTemplatesFallsBackToEnglish() {
        assertThat(MessageTemplates.languageFor("pt-BR")).isEqualTo("en");
        assertThat(MessageTemplates.languageFor("es-MX")).isEqualTo("es");
        assertThat(MessageTemplates.languageFor(null)).isEqualTo("en");
    }

    @Test
    void anUnknownTemplateIsAFailureNotAnEmptyMessage() {
        assertThatThrownBy(() -> templates.render("REMINDER", "EMAIL", "fr", variables)).isInstanceOf(TemplateFailure.class);
        assertThatThrownBy(() -> templates.render("../secrets", "EMAIL", "en", variables)).isInstanceOf(TemplateFailure.class);
    }
}
