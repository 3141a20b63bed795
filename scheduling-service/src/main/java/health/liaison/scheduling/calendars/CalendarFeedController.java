package health.liaison.scheduling.calendars;

import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.ForwardedHeaderUtils;

import java.net.URI;

/** HTTP in and out for {@link CalendarFeeds}: the links (absolute, as the gateway's callers see the host), the feeds. */
@RestController
class CalendarFeedController {

    private static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final CalendarFeeds feeds;
    private final String publicBaseUrl;

    CalendarFeedController(CalendarFeeds feeds, @Value("${liaison.public-base-url:}") String publicBaseUrl) {
        this.feeds = feeds;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    @Operation(summary = "A provider's calendar subscription link: an absolute URL calendar apps poll without a login")
    @GetMapping("/api/scheduling/v1/providers/{providerId}/calendar-feed")
    @PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','ADMIN')")
    CalendarFeeds.FeedLink link(@PathVariable String providerId, HttpServletRequest request) {
        return feeds.link(providerId, baseUrl(request));
    }

    @Operation(summary = "Issue a new subscription link for a provider; every earlier link answers 404 from now on")
    @PostMapping("/api/scheduling/v1/providers/{providerId}/calendar-feed/rotation")
    @PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','ADMIN')")
    CalendarFeeds.FeedLink rotate(@PathVariable String providerId, HttpServletRequest request) {
        return feeds.rotate(providerId, baseUrl(request));
    }

    @Operation(summary = "Revoke a provider's subscription link (e.g. it leaked): it answers 404 from now on")
    @DeleteMapping("/api/scheduling/v1/providers/{providerId}/calendar-feed")
    @PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','ADMIN')")
    ResponseEntity<Void> revoke(@PathVariable String providerId) {
        feeds.revoke(providerId);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A provider's calendar by subscription link (the secret in the URL is the credential)")
    @GetMapping("/api/scheduling/v1/calendar-feeds/{token}")
    ResponseEntity<String> subscribed(@PathVariable String token) {
        String calendar = feeds.subscribed(token).orElseThrow(() -> ApiProblem.notFound("calendar feed"));
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).body(calendar);
    }

    /** The care team's and front desk's view; billing, inventory and patients have no use for a provider's week. */
    @Operation(summary = "A provider's upcoming bookings as an iCalendar feed (type and room names, no patient data)")
    @GetMapping("/api/scheduling/v1/providers/{providerId}/calendar.ics")
    @PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','NURSE','ADMIN')")
    ResponseEntity<String> feed(@PathVariable String providerId, @RequestParam(defaultValue = "90") int days) {
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).body(feeds.render(providerId, days));
    }

    /**
     * Where the caller reached us: {@code liaison.public-base-url} when set, else the request's scheme and host as the
     * gateway forwarded them ({@code Forwarded} / {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port}).
     */
    private String baseUrl(HttpServletRequest request) {
        if (!publicBaseUrl.isBlank()) {
            return publicBaseUrl;
        }
        HttpHeaders headers = new ServletServerHttpRequest(request).getHeaders();
        return ForwardedHeaderUtils.adaptFromForwardedHeaders(URI.create(request.getRequestURL().toString()), headers)
                .replacePath(null).replaceQuery(null).fragment(null).build().toUriString();
    }
}
