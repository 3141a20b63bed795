package health.liaison.gateway.security;

import health.liaison.gateway.problem.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Who may pass the front door. The token is checked here (signature against the issuer's JWKS, issuer, audience
 * {@code liaison-api}, lifetime with {@code liaison.security.clock-skew} of skew, default 5 s) and relayed unchanged; the coarse rule is which roles may reach which area at all.
 * A patient reaches only scheduling, records and notifications; each service then decides per endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class EdgeSecurity {

    static final String[] STAFF = {"COORDINATOR", "PROVIDER", "NURSE", "BILLING", "INVENTORY", "ADMIN"};
    static final String[] EVERYONE = {"COORDINATOR", "PROVIDER", "NURSE", "BILLING", "INVENTORY", "ADMIN", "PATIENT"};

    /** API responses carry no markup, so nothing may be loaded, framed or submitted from them. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /**
     * The Swagger UI loads its own scripts, styles and images from the gateway, nothing else; it may call the
     * authorization server (the token request of "Authorize", code + PKCE) and nothing else outside the gateway.
     */
    static String docsCsp(String issuerUri) {
        URI issuer = URI.create(issuerUri);
        String origin = issuer.getScheme() + "://" + issuer.getAuthority();
        return "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' " + origin
                + "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }

    private final ServerAuthenticationEntryPoint unauthorized = (exchange, failure) -> {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                        ? "Bearer error=\"invalid_token\"" : "Bearer");
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid access token for the Liaison API is required.");
    };

    private final ServerAccessDeniedHandler forbidden = (exchange, denied) -> Problems.write(exchange,
            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this part of the API.");

    @Bean
    @Order(1)
    SecurityWebFilterChain apiDocumentation(ServerHttpSecurity http,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuerUri) {
        return common(http)
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/swagger-ui.html", "/swagger-ui/**",
                        "/v3/api-docs/**", "/openapi/**", "/webjars/**"))
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(docsCsp(issuerUri))))
                .build();
    }

    /**
     * The coordinator console authenticates its own users (OpenID Connect, session cookie, CSRF, its own CSP), so
     * the gateway only passes its pages through: no bearer token asked, no headers of the API's added.
     */
    @Bean
    @Order(0)
    SecurityWebFilterChain console(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/", "/console", "/console/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain api(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder) {
        return common(http)
                .authorizeExchange(exchanges -> exchanges
                        // the actuator is served on the management port only (liaison.gateway management port, 9080);
                        // the public port keeps the probes' /livez and /readyz
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/livez", "/readyz").permitAll()
                        // calendar apps cannot send a bearer token: the feed URL carries its own signed secret
                        .pathMatchers(HttpMethod.GET, "/api/scheduling/v1/calendar-feeds/*").permitAll()
                        // a practice website's inquiry form: no token; records limits it per client address and form
                        .pathMatchers(HttpMethod.POST, "/api/public/v1/inquiry-forms/*").permitAll()
                        // an e-mail's one-click unsubscribe link (RFC 8058): its own signed token is the credential
                        .pathMatchers(HttpMethod.POST, "/api/public/v1/notifications/unsubscribe/*").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/public/v1/notifications/unsubscribe/*").permitAll()
                        // the SMS and e-mail providers' webhooks: each proves itself to the service (signature or
                        // basic auth), which refuses the call otherwise
                        .pathMatchers(HttpMethod.POST, "/api/notifications/v1/inbound/**").permitAll()
                        .pathMatchers("/api/billing/**").hasAnyRole("BILLING", "COORDINATOR", "ADMIN")
                        .pathMatchers("/api/inventory/**").hasAnyRole("INVENTORY", "NURSE", "COORDINATOR", "PROVIDER", "ADMIN")
                        // practice figures are staff's: the insights service decides per table (a provider her own)
                        .pathMatchers("/api/insights/**").hasAnyRole("COORDINATOR", "PROVIDER", "BILLING", "INVENTORY", "ADMIN")
                        .pathMatchers("/api/scheduling/**", "/api/records/**", "/api/notifications/**").hasAnyRole(EVERYONE)
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenHeader())
                        .jwt(jwt -> jwt.jwtDecoder(new RecentlyVerifiedTokens(jwtDecoder, Clock.systemUTC()))
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(rolesClaim())))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_CSP)))
                .build();
    }

    /** Replaces Spring's default timestamp check (60 s of skew): a token is refused a few seconds after its exp. */
    @Bean
    JwtTimestampValidator edgeJwtTimestampValidator(@Value("${liaison.security.clock-skew:5s}") Duration clockSkew) {
        return new JwtTimestampValidator(clockSkew);
    }

    private ServerHttpSecurity common(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .cors(cors -> {
                })
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.mode(Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true)));
    }

    /** {@code roles: ["COORDINATOR"]} becomes the authority {@code ROLE_COORDINATOR}; the principal is {@code sub}. */
    static JwtAuthenticationConverter rolesClaim() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    /** Only the configured front-end origins may call the API from a browser; none are allowed by default. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(Cors cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!cors.allowedOrigins().isEmpty()) {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOrigins(cors.allowedOrigins());
            configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
            configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                    "If-None-Match", "X-Request-Id", "traceparent", "tracestate"));
            configuration.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Request-Id"));
            configuration.setAllowCredentials(false);
            configuration.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/**", configuration);
        }
        return source;
    }

    /** Paths the firewall refuses ({@code ..}, encoded slashes, ...) get a problem, not an empty 400. */
    @Bean
    ServerExchangeRejectedHandler rejectedRequests() {
        return (exchange, rejected) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, "bad-request", "Bad Request",
                "The request path is not allowed.");
    }

    @ConfigurationProperties("liaison.cors")
    record Cors(List<String> allowedOrigins) {
        Cors {
            allowedOrigins = allowedOrigins == null ? List.of()
                    : allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        }
    }
}
