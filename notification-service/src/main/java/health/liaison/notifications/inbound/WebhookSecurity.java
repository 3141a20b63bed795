package health.liaison.notifications.inbound;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The provider's webhooks carry no user token: they are open to the network, and each call proves itself with the
 * provider's signature of its body instead (checked in {@link InboundSms}). Every other path keeps the platform's
 * token validation.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain smsWebhooks(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/notifications/v1/inbound/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
