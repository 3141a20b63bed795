package health.liaison.notifications;

import health.liaison.platform.testing.ApiDocsCheck;
import org.junit.jupiter.api.Test;

/** The notifications OpenAPI document: valid, secured, problems documented. */
class NotificationsApiDocsIT extends ServiceUnderTest {

    @Test
    void theDocumentValidatesDeclaresTheBearerSchemeAndDocumentsProblems() {
        ApiDocsCheck.assertValid(port, "Liaison Notifications API");
    }
}
