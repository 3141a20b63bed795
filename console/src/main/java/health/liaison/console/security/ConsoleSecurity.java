package health.liaison.console.security;

import health.liaison.console.ConsoleProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import java.io.IOException;
import java.net.URI;

/**
 * How the console signs people in and protects its pages.
 *
 * <ul>
 *   <li>OpenID Connect authorization code with PKCE, as the confidential client {@code liaison-console}; the tokens
 *       stay in the server-side session (Spring Session on MongoDB).</li>
 *   <li>CSRF on every POST (forms carry the token; htmx sends it in a header read from a meta tag).</li>
 *   <li>A Content Security Policy without inline scripts or styles: every script is a file from the console.</li>
 *   <li>Logout ends the console session and the identity provider's (RP-initiated logout).</li>
 *   <li>A request of htmx whose session is gone asks the browser to reload the page it is on, which leads through
 *       sign-in and back there; a plain request is sent to sign-in and back by the request cache.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class ConsoleSecurity {

    static final String REGISTRATION = "liaison";

    @Bean
    SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations, IdleLogoff idleLogoff,
                                @Value("${spring.security.oauth2.client.provider.liaison.issuer-uri}") String issuer) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler endSession = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        endSession.setPostLogoutRedirectUri("{baseUrl}/");
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests)))
                .logout(logout -> logout.logoutSuccessHandler(endSession))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor((request, response, failure) -> reloadPage(request, response),
                                new RequestHeaderRequestMatcher("HX-Request"))
                        .defaultAuthenticationEntryPointFor(signIn, request -> true)
                        .accessDeniedHandler(expiredOrDenied()))
                .addFilterBefore(idleLogoff, AnonymousAuthenticationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(policy(issuer)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    /**
     * Scripts, styles and images only from the console itself; forms post to the console, and the logout's redirect
     * goes on to the identity provider (browsers apply form-action to a form's redirects too).
     */
    static String policy(String issuer) {
        URI idp = URI.create(issuer);
        String idpOrigin = idp.getScheme() + "://" + idp.getRawAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' " + idpOrigin;
    }

    /**
     * A CSRF failure because the session is gone (expired or logged off) is not an attack: the user is sent to the
     * page again, which leads through sign-in. Any other denial is a 403 page of our own.
     */
    private static AccessDeniedHandler expiredOrDenied() {
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        return (request, response, failure) -> {
            boolean sessionGone = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
            if (failure instanceof CsrfException && sessionGone) {
                if (request.getHeader("HX-Request") != null) {
                    reloadPage(request, response);
                } else {
                    response.sendRedirect(samePageOf(request, request.getHeader("Referer")));
                }
                return;
            }
            denied.handle(request, response, failure);
        };
    }

    private static void reloadPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("HX-Redirect", samePageOf(request, request.getHeader("HX-Current-URL")));
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** The path of a page of ours the browser named (its current URL or referrer), or the console's home. */
    static String samePageOf(HttpServletRequest request, String url) {
        String home = request.getContextPath() + "/";
        if (url == null) {
            return home;
        }
        try {
            URI page = URI.create(url);
            String path = page.getRawPath();
            if (path == null || !path.startsWith(home) || path.startsWith("//")) {
                return home;
            }
            return page.getRawQuery() == null ? path : path + "?" + page.getRawQuery();
        } catch (IllegalArgumentException notAUrl) {
            return home;
        }
    }

    /** The session cookie: HttpOnly, SameSite=Lax, Secure behind TLS, scoped to the console's path. */
    @Bean
    CookieSerializer sessionCookie(ConsoleProperties properties) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("LIAISON_CONSOLE");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseSecureCookie(properties.secureCookie());
        return cookie;
    }
}
