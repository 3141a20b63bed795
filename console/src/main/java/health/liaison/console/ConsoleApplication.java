package health.liaison.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The coordinator console: a backend-for-frontend. It signs staff in with OpenID Connect as a confidential client,
 * keeps their tokens in the server-side session (Spring Session on MongoDB) and renders pages from the gateway's
 * public API, called with the user's own access token. Browsers never see a token.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
