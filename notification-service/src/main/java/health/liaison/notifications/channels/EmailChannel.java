package health.liaison.notifications.channels;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import health.liaison.platform.tenancy.Callers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Email over SMTP ({@code spring.mail.*}), from the clinic's own sender address. */
@Component
public class EmailChannel {

    public static final String SMTPAPI_HEADER = "X-SMTPAPI";
    public static final String TENANT_ARGUMENT = "liaison_tenant";
    public static final String MESSAGE_ARGUMENT = "liaison_message";
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JavaMailSender mail;
    private final ProviderGuards guards;

    EmailChannel(ObjectProvider<JavaMailSender> configured, ProviderGuards guards,
                 @Value("${spring.mail.host:localhost}") String host, @Value("${spring.mail.port:3025}") int port) {
        // Boot configures a sender only when spring.mail.host is set; without it, the local stack's SMTP server
        this.mail = configured.getIfAvailable(() -> {
            JavaMailSenderImpl local = new JavaMailSenderImpl();
            local.setHost(host);
            local.setPort(port);
            return local;
        });
        this.guards = guards;
    }

    /**
     * Sends and returns the Message-ID the SMTP server accepted. The message carries SendGrid's {@code X-SMTPAPI}
     * header with our ids as unique arguments (practice group, message id: never PHI), which SendGrid's event webhook
     * echoes on each event; other SMTP servers ignore it.
     */
    public String send(Outgoing outgoing, String messageId) {
        MimeMessage message = prepare(outgoing);
        try {
            message.setHeader(SMTPAPI_HEADER, JSON.writeValueAsString(Map.of("unique_args", Map.of(
                    TENANT_ARGUMENT, Callers.current().tenantId(), MESSAGE_ARGUMENT, messageId))));
        } catch (MessagingException e) {
            throw SendFailure.permanent("INVALID_ADDRESS", e);
        }
        return guards.call("email", () -> {
            try {
                mail.send(message);
                return message.getMessageID();
            } catch (MailAuthenticationException e) {
                throw SendFailure.retryable("PROVIDER_AUTH_FAILED", e);
            } catch (MailParseException | MailPreparationException e) {
                throw SendFailure.permanent("INVALID_ADDRESS", e);
            } catch (MailException e) {
                throw SendFailure.retryable("PROVIDER_UNAVAILABLE", e);
            } catch (MessagingException e) {
                throw SendFailure.retryable("PROVIDER_UNAVAILABLE", e);
            }
        });
    }

    private MimeMessage prepare(Outgoing outgoing) {
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setTo(new InternetAddress(outgoing.to(), true));
            helper.setFrom(new InternetAddress(outgoing.from(), true));
            helper.setSubject(outgoing.subject());
            helper.setText(outgoing.body(), false);
            message.setHeader("Content-Language", outgoing.language());
            if (outgoing.replyTo() != null) {
                helper.setReplyTo(new InternetAddress(outgoing.replyTo(), true));
            }
            if (outgoing.unsubscribeUrl() != null) {
                // RFC 2369 and RFC 8058: the mail client offers "unsubscribe" and POSTs List-Unsubscribe=One-Click
                message.setHeader(LIST_UNSUBSCRIBE, "<" + outgoing.unsubscribeUrl() + ">");
                message.setHeader(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click");
            }
            return message;
        } catch (MessagingException | RuntimeException e) {
            throw SendFailure.permanent("INVALID_ADDRESS", e);
        }
    }
}
