package health.liaison.localstack.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@IdentityServerTest
class IdentityTokenIT {

    private final TokenEndpoint server;

    IdentityTokenIT(@LocalServerPort int port) {
        this.server = new TokenEndpoint(port);
    }

    @Test
    void oneCurlGivesACoordinatorATokenWithTheirTenantLocationsAndRoles() throws Exception {
        HttpResponse<String> response = server.clientCredentials("coordinator@aurora", "liaison");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TokenEndpoint.json(response);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isBetween(890L, 900L);

        Jwt jwt = server.decoder().decode(body.get("access_token").asString());
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
        assertThat(jwt.getSubject()).isEqualTo("coordinator@aurora");
        assertThat(jwt.getIssuer()).hasToString(IdentityTestApplication.ISSUER);
        assertThat(jwt.getAudience()).contains("liaison-api");
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("aurora");
        assertThat(jwt.getClaimAsStringList("locations")).containsExactly("aurora-miami", "aurora-beverly-hills");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("COORDINATOR");
        assertThat(jwt.hasClaim("patient_id")).isFalse();
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSingleClinicCoordinatorIsScopedToThatClinic() throws Exception {
        JsonNode body = TokenEndpoint.json(server.clientCredentials("coordinator.miami@aurora", "liaison"));

        Jwt jwt = server.decoder().decode(body.get("access_token").asString());
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("aurora");
        assertThat(jwt.getClaimAsStringList("locations")).containsExactly("aurora-miami");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("COORDINATOR");
    }

    @Test
    void aPatientTokenNamesTheirPatientRecordInTheirOwnTenant() throws Exception {
        JsonNode body = TokenEndpoint.json(server.clientCredentials("patient@belmont", "liaison"));

        Jwt jwt = server.decoder().decode(body.get("access_token").asString());
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("belmont");
        assertThat(jwt.getClaimAsStringList("locations")).containsExactly("belmont-chicago", "belmont-denver");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("PATIENT");
        assertThat(jwt.getClaimAsString("patient_id")).isEqualTo(DemoPracticeGroups.demoPatientId("belmont"));
    }

    @Test
    void aTokenWhoseClaimsWereEditedFailsSignatureVerification() throws Exception {
        String token = TokenEndpoint.json(server.clientCredentials("billing@aurora", "liaison"))
                .get("access_token").asString();
        String[] parts = token.split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        ObjectNode claims = (ObjectNode) TokenEndpoint.JSON.readTree(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
        claims.put("tenant", "belmont");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        TokenEndpoint.JSON.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(server.decoder().decode(token).getClaimAsString("tenant")).isEqualTo("aurora");
        assertThatThrownBy(() -> server.decoder().decode(forged)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void aWrongSecretIsRejected() throws Exception {
        HttpResponse<String> response = server.clientCredentials("coordinator@aurora", "not-the-password");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TokenEndpoint.json(response).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void anUnknownClientIsRejected() throws Exception {
        HttpResponse<String> response = server.clientCredentials("coordinator@nowhere", "liaison");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TokenEndpoint.json(response).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void theWebClientCannotUseClientCredentials() throws Exception {
        HttpResponse<String> response = server.clientCredentials("liaison-web", "liaison");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void discoveryNamesTheConfiguredIssuerAndItsKeys() throws Exception {
        HttpResponse<String> response = server.get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode discovery = TokenEndpoint.json(response);
        assertThat(discovery.get("issuer").asString()).isEqualTo(IdentityTestApplication.ISSUER);
        assertThat(discovery.get("jwks_uri").asString()).isEqualTo(IdentityTestApplication.ISSUER + "/oauth2/jwks");
        assertThat(discovery.get("token_endpoint").asString()).isEqualTo(IdentityTestApplication.ISSUER + "/oauth2/token");
    }

    @Test
    void theJwksPublishesOneRsaSigningKey() throws Exception {
        HttpResponse<String> response = server.get("/oauth2/jwks");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode keys = TokenEndpoint.json(response).get("keys");
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.get(0).get("kty").asString()).isEqualTo("RSA");
        assertThat(keys.get(0).has("d")).as("the private exponent must never be published").isFalse();
    }

    @Test
    void aBrowserAppOnTheFrontEndOriginMayCallTheTokenEndpoint() throws Exception {
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url("/oauth2/token")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "POST")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
    }

    @Test
    void healthProbesNeedNoToken() throws Exception {
        HttpResponse<String> response = server.get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TokenEndpoint.json(response).get("status").asString()).isEqualTo("UP");
    }
}
