package health.liaison.notifications;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Keeps every patient informed on time: confirmations, reminders, instructions and follow-ups. */
@OpenAPIDefinition(info = @Info(title = "Liaison Notifications API", description = "Messages to patients (confirmations, reminders, instructions, follow-ups, recalls) by e-mail and SMS with consent, quiet hours and opt-outs, patient replies, preferences and staff alerts."))
@SpringBootApplication
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationsApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationsApplication.class, args);
    }
}
