package health.liaison.gateway.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** Same verdict as Spring Security's converter (the one the gateway used before) for every kind of header. */
class BearerTokenHeaderTest {

    private final ServerAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
    private final ServerAuthenticationConverter ours = new BearerTokenHeader();

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl",
            "bearer abc", "BEARER abc", "BeArEr a-b.c_d~e+f/g==", "Bearer abc=", "Bearer abc===",
            "Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer a=b", "Bearer =abc", "Bearer ab,c",
            "Bearer abc\u00e9", "Bearerabc", "Bearer\tabc", "Bearer abc\n", "Basic dXNlcjpwYXNz", "Token abc", "",
            "bearer", "Bear abc", "Bearer é"})
    void answersAsSpringSecuritysConverter(String header) {
        assertThat(verdict(ours, header)).isEqualTo(verdict(spring, header));
    }

    @org.junit.jupiter.api.Test
    void noHeaderIsNoToken() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));
        assertThat(ours.convert(exchange).blockOptional()).isEmpty();
        assertThat(spring.convert(exchange).blockOptional()).isEmpty();
    }

    private static String verdict(ServerAuthenticationConverter converter, String header) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x").header("Authorization", header));
        try {
            Authentication authentication = Mono.defer(() -> converter.convert(exchange)).block();
            return authentication == null ? "none" : "token " + ((BearerTokenAuthenticationToken) authentication).getToken();
        } catch (OAuth2AuthenticationException e) {
            return "error " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }
}
