package health.liaison.scheduling.calendars;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.FluentCalendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A provider's bookings as an iCalendar (RFC 5545) feed for calendar apps. By default an event names only the
 * appointment type and the rooms — no patient — because a phone's calendar is not a place for PHI.
 */
@RestController
class ProviderCalendarFeed {

    private static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");
    private final TenantStore<Document> appointments;
    private final Clock clock;
    private final FeedTokens tokens;

    /**
     * How much a feed shows of each booking; calendar apps and phones are outside the practice's control, so the
     * default is the appointment type and room and never anything about the patient. A practice group may show less.
     */
    enum Detail {
        /** "Busy" and the time only. */
        BUSY,
        /** The appointment type, no room. */
        TYPE,
        /** The appointment type and the room (the default). */
        TYPE_AND_ROOM
    }

    private final Detail defaultDetail;
    private final java.util.Map<String, Detail> detailByTenant;

    ProviderCalendarFeed(TenantStores stores, Clock clock, FeedTokens tokens, org.springframework.core.env.Environment environment) {
        org.springframework.boot.context.properties.bind.Binder binder = org.springframework.boot.context.properties.bind.Binder.get(environment);
        this.defaultDetail = binder.bind("liaison.scheduling.calendar-feed.detail", Detail.class).orElse(Detail.TYPE_AND_ROOM);
        this.detailByTenant = binder.bind("liaison.scheduling.calendar-feed.detail-by-tenant",
                org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, Detail.class)).orElse(java.util.Map.of());
        this.appointments = stores.of(Document.class, "appointments", "appointment");
        this.clock = clock;
        this.tokens = tokens;
    }

    record FeedLink(String url) {
    }

    @Operation(summary = "A subscription URL for a provider's calendar that calendar apps can poll without a login")
    @GetMapping("/api/scheduling/v1/providers/{providerId}/calendar-feed")
    @org.springframework.security.access.prepost.PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','ADMIN')")
    FeedLink link(@PathVariable String providerId) {
        return new FeedLink("/api/scheduling/v1/calendar-feeds/" + tokens.issue(health.liaison.platform.tenancy.Callers.current().tenantId(), providerId));
    }

    @Operation(summary = "A provider's calendar by subscription URL (the secret in the URL is the credential)")
    @GetMapping("/api/scheduling/v1/calendar-feeds/{token}")
    ResponseEntity<String> subscribed(@PathVariable String token) {
        FeedTokens.Feed feed = tokens.verify(token).orElseThrow(() -> ApiProblem.notFound("calendar feed"));
        return health.liaison.platform.tenancy.Callers.callAs(health.liaison.platform.tenancy.Caller.system(feed.tenant()),
                () -> feed(feed.providerId(), 90));
    }

    /** The care team's and front desk's view; billing, inventory and patients have no use for a provider's week. */
    @Operation(summary = "A provider's upcoming bookings as an iCalendar feed (type and room, no patient data)")
    @GetMapping("/api/scheduling/v1/providers/{providerId}/calendar.ics")
    @org.springframework.security.access.prepost.PreAuthorize("hasAnyRole('PROVIDER','COORDINATOR','NURSE','ADMIN')")
    ResponseEntity<String> feed(@PathVariable String providerId, @RequestParam(defaultValue = "90") int days) {
        if (days < 1 || days > 366) {
            throw ApiProblem.invalid("days", "must be between 1 and 366");
        }
        Instant now = clock.instant();
        List<Document> booked = appointments.find(Criteria.where("providerIds").is(providerId)
                        .and("status").in("HELD", "BOOKED", "CHECKED_IN", "COMPLETED")
                        .and("start").gte(java.util.Date.from(now.minus(Duration.ofDays(7))))
                        .lt(java.util.Date.from(now.plus(Duration.ofDays(days)))),
                Sort.by("start"), 2000);
        FluentCalendar calendar = new Calendar().withProdId("-//Liaison//Scheduling//EN").withDefaults();
        Detail detail = detailByTenant.getOrDefault(health.liaison.platform.tenancy.Callers.current().tenantId(), defaultDetail);
        for (Document appointment : booked) {
            VEvent event = new VEvent(appointment.getDate("start").toInstant(), appointment.getDate("end").toInstant(),
                    detail == Detail.BUSY ? "Busy" : appointment.getString("appointmentTypeId"));
            event.add(new Uid(appointment.getString("_id") + "@liaison"));
            List<String> rooms = appointment.getList("roomIds", String.class, List.of());
            if (!rooms.isEmpty() && detail == Detail.TYPE_AND_ROOM) {
                event.add(new Location(String.join(", ", rooms)));
            }
            event.add("HELD".equals(appointment.getString("status")) ? new Status("TENTATIVE") : new Status("CONFIRMED"));
            calendar.withComponent(event);
        }
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).body(calendar.getFluentTarget().toString());
    }
}
