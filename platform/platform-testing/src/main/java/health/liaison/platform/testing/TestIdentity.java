package health.liaison.platform.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider for tests: an RSA key whose public half is served as a JWKS over real HTTP, and signed JWT
 * access tokens carrying Liaison's claims ({@code tenant}, {@code locations}, {@code roles}). Services validate
 * these exactly as they validate the authorization server's tokens; only the signing side is small.
 */
public final class TestIdentity {

    public static final String AUDIENCE = "liaison-api";

    private static RSAKey signingKey;
    private static HttpServer server;

    private TestIdentity() {
    }

    public static synchronized String issuer() {
        start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static String jwkSetUri() {
        return issuer() + "/oauth2/jwks";
    }

    public static Token token() {
        return new Token();
    }

    /** A coordinator of {@code tenant} who works at every given clinic. */
    public static String coordinator(String tenant, String... locations) {
        return token().tenant(tenant).locations(locations).roles("COORDINATOR").sign();
    }

    private static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException("Cannot start the test identity provider", e);
        }
    }

    /** A token under construction; unset claims get sensible defaults. */
    public static final class Token {
        private String subject = "user-" + UUID.randomUUID();
        private String tenant = "aurora";
        private List<String> locations = List.of("aurora-miami");
        private List<String> roles = List.of("COORDINATOR");
        private String audience = AUDIENCE;
        private String issuer;
        private Duration lifetime = Duration.ofMinutes(10);
        private String patientId;
        private boolean strangerKey;

        public Token subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Token tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Token locations(String... locations) {
            this.locations = List.of(locations);
            return this;
        }

        public Token roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        public Token audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Token issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Token patientId(String patientId) {
            this.patientId = patientId;
            return this;
        }

        /** A lifetime in the past gives an expired token. */
        public Token lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** Signs with a key the JWKS does not publish. */
        public Token signedByStranger() {
            this.strangerKey = true;
            return this;
        }

        public String sign() {
            String iss = issuer != null ? issuer : TestIdentity.issuer();
            Instant now = Instant.now();
            Instant expiry = now.plus(lifetime);
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(iss)
                    .subject(subject)
                    .audience(audience)
                    .issueTime(Date.from(lifetime.isNegative() ? expiry.minusSeconds(600) : now))
                    .expirationTime(Date.from(expiry))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("tenant", tenant)
                    .claim("locations", new ArrayList<>(locations))
                    .claim("roles", new ArrayList<>(roles));
            if (patientId != null) {
                claims.claim("patient_id", patientId);
            }
            try {
                RSAKey key = strangerKey ? new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate() : signingKey;
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign a test token", e);
            }
        }
    }
}
