package health.liaison.records;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The patient's chart: demographics, history, consents, photos, care plans — confidential and audited. */
@OpenAPIDefinition(info = @Info(title = "Liaison Patient Records API", description = "The patient's chart: registration with duplicate checks, search, summaries, demographics and contacts (sealed at rest), medical history, consents, photos and documents, care plans, complaints, recall alerts, surgical clearance, break-glass and the hash-chained audit trail."))
@SpringBootApplication
public class RecordsApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecordsApplication.class, args);
    }
}
