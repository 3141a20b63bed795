package health.liaison.notifications.templates;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The preview endpoint: exactly what a patient would read, or a problem naming what is missing, never half a text. */
class TemplatePreviewIT extends ServiceUnderTest {

    static final String PATH = "/api/notifications/v1/templates/preview";

    @Test
    void aCoordinatorSeesTheRenderedSubjectAndText() {
        ApiClient.Answer answer = api().post(PATH, """
                {"kind":"REMINDER","channel":"EMAIL","language":"es","variables":{"firstName":"Lucía",
                 "clinicName":"Aurora Miami","clinicPhone":"+1 305 555 0100","appointmentDate":"martes 11 de junio",
                 "appointmentTime":"14:30"}}""").token(coordinator()).send();

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("subject").asString()).isEqualTo("Recordatorio: su cita en Aurora Miami el martes 11 de junio");
        assertThat(answer.json().get("body").asString()).startsWith("Hola Lucía:").contains("a las 14:30");
        assertThat(answer.json().get("language").asString()).isEqualTo("es");
    }

    @Test
    void aMissingVariableIs422NamingItAndNoText() {
        ApiClient.Answer answer = api().post(PATH, """
                {"kind":"REMINDER","channel":"SMS","language":"en","variables":{"clinicName":"Aurora Miami"}}""")
                .token(coordinator()).send();

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).endsWith("/template-render-failed");
        assertThat(answer.json().get("detail").asString()).contains("appointmentDate");
        assertThat(answer.body()).doesNotContain("reminder of your appointment");
    }

    @Test
    void anUnknownTemplateIs404AndABadChannelIs400() {
        assertThat(api().post(PATH, """
                {"kind":"REMINDER","channel":"EMAIL","language":"fr","variables":{}}""").token(coordinator()).send().status())
                .isEqualTo(404);
        ApiClient.Answer badChannel = api().post(PATH, """
                {"kind":"REMINDER","channel":"FAX","language":"en","variables":{}}""").token(coordinator()).send();
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.body()).contains("channel");
    }

    @Test
    void onlyCoordinatorsMayPreviewAndOnlyWithAToken() {
        String body = """
                {"kind":"WELCOME","channel":"SMS","language":"en","variables":{}}""";
        assertThat(api().post(PATH, body).send().status()).isEqualTo(401);
        String patient = TestIdentity.token().roles("PATIENT").patientId("pat-1").sign();
        assertThat(api().post(PATH, body).token(patient).send().status()).isEqualTo(403);
    }
}
