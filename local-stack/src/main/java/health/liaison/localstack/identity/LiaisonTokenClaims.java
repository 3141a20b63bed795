package health.liaison.localstack.identity;

import health.liaison.localstack.identity.DemoPracticeGroups.DemoUser;

import java.util.List;

import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts the claims Liaison's services authorize with into every token: {@code tenant}, {@code locations},
 * {@code roles} (and {@code patient_id} for a patient), looked up by the principal's name. That name is the
 * username both when a user logs in through the browser and when a demo user authenticates as a client, so both
 * grants yield the same claims. In production the identity provider's claim mapper does this job.
 */
@Component
class LiaisonTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** The audience every Liaison service and the gateway require in an access token. */
    static final String API_AUDIENCE = "liaison-api";

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        DemoPracticeGroups.user(context.getPrincipal().getName()).ifPresent(user -> addClaims(context, user));
        if (accessToken) {
            // An ID token's audience must stay the client id (OIDC); only access tokens are meant for the API.
            context.getClaims().audience(List.of(API_AUDIENCE));
        }
    }

    private static void addClaims(JwtEncodingContext context, DemoUser user) {
        context.getClaims()
                .claim("tenant", user.tenant())
                .claim("locations", user.locations())
                .claim("roles", DemoPracticeGroups.roleNames(user));
        user.patientId().ifPresent(patientId -> context.getClaims().claim("patient_id", patientId));
    }
}
