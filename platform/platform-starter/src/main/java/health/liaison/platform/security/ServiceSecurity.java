package health.liaison.platform.security;

import health.liaison.platform.tenancy.LiaisonClaims;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every service validates the caller's access token itself (defence in depth behind the gateway): signature
 * against the issuer's JWKS, issuer, audience ({@code spring.security.oauth2.resourceserver.jwt.audiences}),
 * expiry (with a clock skew of {@code liaison.security.clock-skew}, default 5 s, not Spring's 60 s), and the presence of the {@code tenant} claim. Roles become authorities {@code ROLE_<role>} for
 * {@code @PreAuthorize}. Only health, info, prometheus and the OpenAPI document are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class ServiceSecurity {

    @Bean
    SecurityFilterChain liaisonSecurityFilterChain(HttpSecurity http,
            @org.springframework.beans.factory.annotation.Value("${liaison.security.public-get-paths:}") String[] publicGetPaths) throws Exception {
        ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint();
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(ServiceSecurity::authorities);
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                            "/v3/api-docs", "/v3/api-docs/**", "/error").permitAll();
                    // a service may open GET paths that carry their own signed secret (e.g. calendar feeds)
                    if (publicGetPaths.length > 0) {
                        requests.requestMatchers(org.springframework.http.HttpMethod.GET, publicGetPaths).permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /** Replaces Spring's default timestamp check (60 s of skew): a token is refused a few seconds after its exp. */
    @Bean
    JwtTimestampValidator liaisonJwtTimestampValidator(
            @Value("${liaison.security.clock-skew:5s}") Duration clockSkew) {
        return new JwtTimestampValidator(clockSkew);
    }

    @Bean
    OAuth2TokenValidator<Jwt> liaisonTenantClaimValidator() {
        OAuth2Error missing = new OAuth2Error("invalid_token", "The token names no practice group (tenant claim)", null);
        return jwt -> {
            String tenant = jwt.getClaimAsString(LiaisonClaims.TENANT);
            return tenant == null || tenant.isBlank() ? OAuth2TokenValidatorResult.failure(missing) : OAuth2TokenValidatorResult.success();
        };
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Object roles = jwt.getClaim(LiaisonClaims.ROLES);
        if (roles instanceof Collection<?> values) {
            values.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        }
        return authorities;
    }
}
