package health.liaison.localstack.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local stack's SMTP server (GreenMail) on port 3025, where the notification service delivers e-mail during
 * development, and {@code GET /dev/mail} listing what arrived, newest last. Development only: never deployed.
 */
@Configuration(proxyBeanMethods = false)
public class LocalMailbox {

    private static final Logger log = LoggerFactory.getLogger(LocalMailbox.class);

    @Bean
    MailServer mailServer(@Value("${liaison.local-stack.smtp.port:3025}") int port,
                          @Value("${liaison.local-stack.smtp.enabled:true}") boolean enabled) {
        return new MailServer(port, enabled);
    }

    @Bean
    @Order(0)
    SecurityFilterChain devMailChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/dev/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** One received message as the developer sees it. */
    public record ReceivedMail(String from, List<String> to, String subject, String language, String text) {
    }

    @RestController
    static class DevMail {
        private final MailServer server;

        DevMail(MailServer server) {
            this.server = server;
        }

        @GetMapping("/dev/mail")
        List<ReceivedMail> received() throws MessagingException {
            List<ReceivedMail> mails = new ArrayList<>();
            if (server.greenMail == null) {
                return mails;
            }
            for (MimeMessage message : server.greenMail.getReceivedMessages()) {
                mails.add(new ReceivedMail(
                        message.getFrom() == null ? null : message.getFrom()[0].toString(),
                        message.getAllRecipients() == null ? List.of()
                                : Arrays.stream(message.getAllRecipients()).map(Address::toString).toList(),
                        message.getSubject(),
                        message.getHeader("Content-Language", ","),
                        GreenMailUtil.getBody(message)));
            }
            return mails;
        }
    }

    static final class MailServer implements SmartLifecycle {
        private final int port;
        private final boolean enabled;
        private GreenMail greenMail;

        MailServer(int port, boolean enabled) {
            this.port = port;
            this.enabled = enabled;
        }

        @Override
        public void start() {
            if (!enabled) {
                return;
            }
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            log.info("SMTP server on 127.0.0.1:{}; received mail at /dev/mail", port);
        }

        @Override
        public void stop() {
            if (greenMail != null) {
                greenMail.stop();
                greenMail = null;
            }
        }

        @Override
        public boolean isRunning() {
            return greenMail != null;
        }
    }
}
