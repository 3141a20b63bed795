package health.liaison.gateway.protection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Allowances per window: each user ({@code sub} within its practice group) and each practice group as a whole.
 * The group allowance keeps one tenant's burst from starving the others; the user allowance keeps one runaway
 * client from spending its whole group's allowance.
 */
@ConfigurationProperties("liaison.rate-limit")
record RateLimits(@DefaultValue("true") boolean enabled,
                  @DefaultValue("1m") Duration window,
                  @DefaultValue("600") long perUser,
                  @DefaultValue("6000") long perTenant,
                  @DefaultValue("500ms") Duration storeTimeout) {
}
