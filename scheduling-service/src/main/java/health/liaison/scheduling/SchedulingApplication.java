package health.liaison.scheduling;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Consultations, surgeries and follow-ups across surgeons, rooms and clinics, with no double booking. */
@OpenAPIDefinition(info = @Info(title = "Liaison Scheduling API", description = "Clinics, providers, rooms and equipment, appointment types, availability and next available, booking without double booking, holds, check-in to check-out, appointment lists, waitlist, follow-up series, surgery board and calendar feeds."))
@SpringBootApplication
public class SchedulingApplication {

    public static void main(String[] args) {
        SpringApplication.run(SchedulingApplication.class, args);
    }
}
