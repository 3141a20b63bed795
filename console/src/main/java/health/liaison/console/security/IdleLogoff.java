package health.liaison.console.security;

import health.liaison.console.ConsoleProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Automatic logoff (HIPAA §164.312(a)(2)(iii)): a session with no user action for {@code liaison.console.idle-timeout}
 * ends. The day sheet's own refreshes ({@link #POLL_HEADER}) are not user actions, so a screen left open on Today
 * still logs off; the session store's own expiry (the same timeout) is the backstop when the browser is gone.
 * The request that finds its session idle goes on as anonymous, so it is led through sign-in and back.
 */
@Component
public class IdleLogoff extends OncePerRequestFilter {

    /** Sent by the page's own automatic refreshes, which must not keep a session alive. */
    public static final String POLL_HEADER = "X-Console-Poll";
    static final String LAST_ACTION = "liaison.console.last-action";

    private final Duration idleTimeout;
    private final Clock clock;

    IdleLogoff(ConsoleProperties properties) {
        this.idleTimeout = properties.idleTimeout();
        this.clock = Clock.systemUTC();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken) {
            Instant now = clock.instant();
            Instant last = (Instant) session.getAttribute(LAST_ACTION);
            if (last != null && Duration.between(last, now).compareTo(idleTimeout) > 0) {
                session.invalidate();
                SecurityContextHolder.clearContext();
            } else if (request.getHeader(POLL_HEADER) == null) {
                session.setAttribute(LAST_ACTION, now);
            }
        }
        chain.doFilter(request, response);
    }
}
