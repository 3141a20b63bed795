package health.liaison.localstack.identity;

import health.liaison.localstack.identity.DemoPracticeGroups.DemoUser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Who may log in and which clients may ask for tokens, all in memory: the demo needs no database.
 *
 * <p>Every demo user is also a confidential client (client id = username) allowed {@code client_credentials},
 * so a newcomer gets a token for any role with one curl and no browser.
 */
@Configuration(proxyBeanMethods = false)
class DemoRegistrations {

    /** The public client a browser front end (and the gateway's Swagger UI) logs users in with. */
    static final String WEB_CLIENT_ID = "liaison-web";

    static final List<String> WEB_REDIRECT_URIS = List.of(
            "http://localhost:3000/callback",
            "http://127.0.0.1:8080/swagger-ui/oauth2-redirect.html",
            "http://localhost:8080/swagger-ui/oauth2-redirect.html");

    /** The coordinator console: a confidential client (a backend-for-frontend), its secret known to the console only. */
    static final String CONSOLE_CLIENT_ID = "liaison-console";

    // The demo password is published, so the lowest BCrypt cost loses nothing and keeps start-up and every token
    // request fast; the "{bcrypt}" prefix keeps the stored form the one a real user store has. One hash per
    // registration, because the client repository refuses two clients with the same stored secret.
    private static final BCryptPasswordEncoder DEMO_HASHER = new BCryptPasswordEncoder(4);

    private final TokenSettings tokenSettings;
    private final List<String> consoleBaseUrls;
    private final String consoleSecret;

    DemoRegistrations(@Value("${liaison.identity.access-token-time-to-live:15m}") Duration accessTokenTimeToLive,
                      @Value("${liaison.identity.console-base-urls:http://localhost:8080/console,http://127.0.0.1:8080/console}")
                      List<String> consoleBaseUrls,
                      @Value("${liaison.identity.console-client-secret:liaison-console-secret}") String consoleSecret) {
        this.tokenSettings = TokenSettings.builder().accessTokenTimeToLive(accessTokenTimeToLive).build();
        this.consoleBaseUrls = consoleBaseUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        this.consoleSecret = consoleSecret;
    }

    @Bean
    UserDetailsService demoUsers() {
        List<UserDetails> users = DemoPracticeGroups.users().stream()
                .filter(user -> !user.roles().contains(DemoPracticeGroups.Role.SERVICE)) // a client, never a person signing in
                .map(user -> User.withUsername(user.username())
                        .password(demoPasswordHash())
                        .roles(DemoPracticeGroups.roleNames(user).toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    RegisteredClientRepository registeredClients() {
        List<RegisteredClient> clients = new ArrayList<>();
        clients.add(webClient());
        clients.add(consoleClient());
        DemoPracticeGroups.users().stream().map(this::userAsClient).forEach(clients::add);
        return new InMemoryRegisteredClientRepository(clients);
    }

    private static String demoPasswordHash() {
        return "{bcrypt}" + DEMO_HASHER.encode(DemoPracticeGroups.DEMO_PASSWORD);
    }

    private RegisteredClient webClient() {
        RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(WEB_CLIENT_ID)
                .clientName("Liaison web")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                // A public client cannot keep a secret, so PKCE is what binds the code to the browser that asked.
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokenSettings);
        WEB_REDIRECT_URIS.forEach(client::redirectUri);
        return client.build();
    }

    /**
     * The console signs users in through the gateway (its redirect URIs are the gateway's {@code /console/...}): the
     * authorization code with PKCE although it is confidential (the BCP for browser-based apps), refresh tokens, and
     * RP-initiated logout back to the console. Its access tokens carry the same claims as every other.
     */
    private RegisteredClient consoleClient() {
        RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(CONSOLE_CLIENT_ID)
                .clientName("Liaison console")
                .clientSecret("{bcrypt}" + DEMO_HASHER.encode(consoleSecret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.withSettings(tokenSettings.getSettings()).reuseRefreshTokens(false).build());
        consoleBaseUrls.forEach(base -> {
            client.redirectUri(base + "/login/oauth2/code/liaison");
            client.postLogoutRedirectUri(base + "/");
        });
        return client.build();
    }

    private RegisteredClient userAsClient(DemoUser user) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(user.username())
                .clientSecret(demoPasswordHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(tokenSettings)
                .build();
    }
}
