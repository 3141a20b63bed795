package health.liaison.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Keeps every patient informed on time: confirmations, reminders, instructions and follow-ups. */
@SpringBootApplication
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationsApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationsApplication.class, args);
    }
}
