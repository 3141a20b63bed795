package health.liaison.notifications.preferences;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The unsubscribe link is followed from a mail client, with no token and no cookie: its own signed token is the
 * credential (checked in {@link EmailOptOuts}). Nothing else of the service is opened.
 */
@Configuration(proxyBeanMethods = false)
class PublicUnsubscribeSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain unsubscribeLinkChain(HttpSecurity http) throws Exception {
        http.securityMatcher(UnsubscribeLinks.PATH + "**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
