package health.liaison.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * The console's own settings ({@code liaison.console.*}).
 *
 * @param gatewayUri     where the gateway's public API is (every API call goes there, with the user's token)
 * @param idleTimeout    automatic logoff after this long without a user action (HIPAA §164.312(a)(2)(iii))
 * @param idleWarning    how long before the logoff the page warns
 * @param secureCookie   mark the session cookie {@code Secure} (behind TLS)
 */
@ConfigurationProperties("liaison.console")
public record ConsoleProperties(URI gatewayUri, Duration idleTimeout, Duration idleWarning, boolean secureCookie) {

    public ConsoleProperties {
        gatewayUri = gatewayUri == null ? URI.create("http://localhost:8080") : gatewayUri;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(15) : idleTimeout;
        idleWarning = idleWarning == null ? Duration.ofMinutes(2) : idleWarning;
    }
}
