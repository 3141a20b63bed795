package health.liaison.records.inquiries;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web form is the one records path open without a token: its own filter chain, matched before the service's
 * token-checking one, for POST to {@code /api/public/v1/inquiry-forms/*} only.
 */
@Configuration(proxyBeanMethods = false)
class PublicFormSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain publicInquiryForms(HttpSecurity http) throws Exception {
        return http.securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && request.getRequestURI().matches("/api/public/v1/inquiry-forms/[^/]+"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }
}
