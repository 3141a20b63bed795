package health.liaison.notifications.welcome;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What has been queued or sent to a patient. */
@RestController
class PatientMessages {

    private final TenantStore<Message> messages;

    PatientMessages(TenantStores stores) {
        this.messages = stores.of(Message.class, "messages", "message");
    }

    @Operation(summary = "Messages queued or sent to a patient")
    @GetMapping("/api/notifications/v1/patients/{patientId}/messages")
    List<Message> forPatient(@PathVariable String patientId) {
        return messages.find(Criteria.where("patientId").is(patientId), Sort.by("createdAt"), 100);
    }
}
