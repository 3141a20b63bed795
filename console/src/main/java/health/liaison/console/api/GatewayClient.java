package health.liaison.console.api;

import health.liaison.console.ConsoleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client to the gateway: every call carries the signed-in user's access token (refreshed when it has
 * expired, from the session's authorized client), and an API problem becomes a {@link GatewayProblem}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayClient {

    @Bean
    OAuth2AuthorizedClientManager authorizedClients(ClientRegistrationRepository registrations,
                                                    OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    RestClient gateway(RestClient.Builder builder, OAuth2AuthorizedClientManager manager,
                       OAuth2AuthorizedClientRepository authorizedClients, ConsoleProperties properties, JsonMapper json) {
        OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(manager);
        bearer.setClientRegistrationIdResolver(request -> "liaison");
        // a 401 from the API (token revoked) forgets the authorized client, so the next page signs in again
        bearer.setAuthorizationFailureHandler(OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
        return builder.baseUrl(properties.gatewayUri().toString())
                .requestInterceptor(bearer)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw GatewayProblem.read(response.getStatusCode().value(), response.getBody().readAllBytes(), json);
                })
                .build();
    }
}
