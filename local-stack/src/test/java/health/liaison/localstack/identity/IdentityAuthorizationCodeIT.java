package health.liaison.localstack.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;

/**
 * The browser flow a front end uses: authorization code with PKCE, the user logging in on the form. Driven with a
 * cookie-aware HTTP client that follows every redirect by hand, so each hop is asserted.
 */
@IdentityServerTest
class IdentityAuthorizationCodeIT {

    private static final String REDIRECT_URI = "http://localhost:3000/callback";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final TokenEndpoint server;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    IdentityAuthorizationCodeIT(@LocalServerPort int port) {
        this.server = new TokenEndpoint(port);
    }

    @Test
    void aProviderLogsInThroughTheBrowserAndGetsTokensWithTheirClaims() throws Exception {
        String verifier = codeVerifier();
        Map<String, String> callback = logInAndAuthorize("provider@belmont", verifier, REDIRECT_URI);

        assertThat(callback.get("state")).isEqualTo("state-123");
        HttpResponse<String> tokenResponse = exchange(callback.get("code"), verifier);

        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        JsonNode tokens = TokenEndpoint.json(tokenResponse);
        Jwt accessToken = server.decoder().decode(tokens.get("access_token").asString());
        assertThat(accessToken.getSubject()).isEqualTo("provider@belmont");
        assertThat(accessToken.getAudience()).contains("liaison-api");
        assertThat(accessToken.getClaimAsString("tenant")).isEqualTo("belmont");
        assertThat(accessToken.getClaimAsStringList("locations")).containsExactly("belmont-chicago", "belmont-denver");
        assertThat(accessToken.getClaimAsStringList("roles")).containsExactly("PROVIDER");

        Jwt idToken = server.decoder().decode(tokens.get("id_token").asString());
        assertThat(idToken.getSubject()).isEqualTo("provider@belmont");
        assertThat(idToken.getAudience()).containsExactly("liaison-web");
        assertThat(idToken.getClaimAsString("tenant")).isEqualTo("belmont");
    }

    @Test
    void aCodeIsNotIssuedForAnUnregisteredRedirectUri() throws Exception {
        HttpResponse<String> authorize = get(authorizeUrl(codeChallenge(codeVerifier()), "http://evil.example/callback"));

        assertThat(authorize.statusCode()).isEqualTo(400);
        assertThat(authorize.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void theWebClientMustUsePkce() throws Exception {
        String withoutChallenge = server.url("/oauth2/authorize?" + TokenEndpoint.form(Map.of(
                "response_type", "code", "client_id", "liaison-web", "redirect_uri", REDIRECT_URI,
                "scope", "openid", "state", "state-123")));

        HttpResponse<String> authorize = get(withoutChallenge);

        assertThat(authorize.statusCode()).isEqualTo(302);
        Map<String, String> callback = UriComponentsBuilder.fromUriString(location(authorize)).build()
                .getQueryParams().toSingleValueMap();
        assertThat(callback).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void aStolenCodeIsWorthlessWithoutTheVerifier() throws Exception {
        Map<String, String> callback = logInAndAuthorize("nurse@aurora", codeVerifier(), REDIRECT_URI);

        HttpResponse<String> tokenResponse = exchange(callback.get("code"), codeVerifier());

        assertThat(tokenResponse.statusCode()).isEqualTo(400);
        assertThat(TokenEndpoint.json(tokenResponse).get("error").asString()).isEqualTo("invalid_grant");
    }

    /** Runs the browser part of the flow and returns the query parameters the app receives on its callback. */
    private Map<String, String> logInAndAuthorize(String username, String verifier, String redirectUri) throws Exception {
        HttpResponse<String> authorize = get(authorizeUrl(codeChallenge(verifier), redirectUri));
        assertThat(authorize.statusCode()).isEqualTo(302);
        String loginPage = location(authorize);
        assertThat(URI.create(loginPage).getPath()).isEqualTo("/login");

        HttpResponse<String> form = get(loginPage);
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF_FIELD.matcher(form.body());
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(loginPage))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TokenEndpoint.form(Map.of(
                        "username", username, "password", "liaison", "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String resumedAuthorization = location(login);
        assertThat(URI.create(resumedAuthorization).getPath()).isEqualTo("/oauth2/authorize");

        HttpResponse<String> consentFree = get(resumedAuthorization);
        assertThat(consentFree.statusCode()).isEqualTo(302);
        String callback = location(consentFree);
        assertThat(callback).startsWith(redirectUri + "?");
        return UriComponentsBuilder.fromUriString(callback).build().getQueryParams().toSingleValueMap();
    }

    private HttpResponse<String> exchange(String code, String verifier) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", REDIRECT_URI);
        fields.put("client_id", "liaison-web");
        fields.put("code_verifier", verifier);
        return browser.send(HttpRequest.newBuilder(URI.create(server.url("/oauth2/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TokenEndpoint.form(fields)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String authorizeUrl(String codeChallenge, String redirectUri) {
        return server.url("/oauth2/authorize?" + TokenEndpoint.form(Map.of(
                "response_type", "code",
                "client_id", "liaison-web",
                "redirect_uri", redirectUri,
                "scope", "openid profile",
                "state", "state-123",
                "code_challenge", codeChallenge,
                "code_challenge_method", "S256")));
    }

    // A browser asks for HTML; that is what sends an unauthenticated user to the login form instead of a 401.
    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String location(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return URI.create(server.url("/")).resolve(location).toString();
    }

    private static String codeVerifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String codeChallenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
