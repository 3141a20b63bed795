package health.liaison.console.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSecurityTest {

    @Test
    void aPageToReturnToIsOneOfTheConsolesOwnNeverAnotherSite() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setContextPath("/console");
        assertThat(ConsoleSecurity.samePageOf(request, "http://localhost:8080/console/board?locationId=aurora-miami"))
                .isEqualTo("/console/board?locationId=aurora-miami");
        assertThat(ConsoleSecurity.samePageOf(request, "https://evil.example/console/x")).isEqualTo("/console/x");
        assertThat(ConsoleSecurity.samePageOf(request, "https://evil.example/phish")).isEqualTo("/console/");
        assertThat(ConsoleSecurity.samePageOf(request, "//evil.example/console/")).isEqualTo("/console/");
        assertThat(ConsoleSecurity.samePageOf(request, null)).isEqualTo("/console/");
        assertThat(ConsoleSecurity.samePageOf(request, "not a url")).isEqualTo("/console/");
    }

    @Test
    void thePolicyAllowsNoInlineScriptAndLetsTheLogoutRedirectToTheIdentityProvider() {
        String policy = ConsoleSecurity.policy("http://127.0.0.1:9000");
        assertThat(policy).contains("script-src 'self';").contains("style-src 'self';").doesNotContain("unsafe-inline")
                .contains("form-action 'self' http://127.0.0.1:9000").contains("frame-ancestors 'none'");
    }
}
