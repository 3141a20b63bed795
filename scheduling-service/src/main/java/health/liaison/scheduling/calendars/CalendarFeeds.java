package health.liaison.scheduling.calendars;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.appointmenttypes.AppointmentType;
import health.liaison.scheduling.appointmenttypes.AppointmentTypes;
import health.liaison.scheduling.resources.Resource;
import health.liaison.scheduling.resources.Resources;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.FluentCalendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import org.bson.Document;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's bookings as an iCalendar (RFC 5545) feed for calendar apps, and the subscription links to it. An
 * event is titled with the appointment type's name and, by default, the rooms' names — never anything about the
 * patient, because a phone's calendar is not a place for PHI. A link can be rotated or revoked: earlier links then
 * answer 404.
 */
@Component
class CalendarFeeds {

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

    /** A subscription link: {@code url} (https or http) for Google Calendar and Outlook, {@code webcalUrl} for Apple. */
    record FeedLink(String url, String webcalUrl, String calendarName) {
    }

    static final String FEED_PATH = "/api/scheduling/v1/calendar-feeds/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantStore<Document> appointments;
    private final TenantStore<FeedSubscription> subscriptions;
    private final Resources resources;
    private final AppointmentTypes types;
    private final FeedTokens tokens;
    private final Clock clock;
    private final Detail defaultDetail;
    private final Map<String, Detail> detailByTenant;

    CalendarFeeds(TenantStores stores, Resources resources, AppointmentTypes types, FeedTokens tokens, Clock clock,
                  Environment environment) {
        Binder binder = Binder.get(environment);
        this.defaultDetail = binder.bind("liaison.scheduling.calendar-feed.detail", Detail.class).orElse(Detail.TYPE_AND_ROOM);
        this.detailByTenant = binder.bind("liaison.scheduling.calendar-feed.detail-by-tenant",
                Bindable.mapOf(String.class, Detail.class)).orElse(Map.of());
        this.appointments = stores.of(Document.class, "appointments", "appointment");
        this.subscriptions = stores.ofNamed(FeedSubscription.class, "calendar_feeds", "calendar feed");
        this.resources = resources;
        this.types = types;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The provider's current link (issued on first ask), absolute under {@code baseUrl}. */
    FeedLink link(String providerId, String baseUrl) {
        Resource provider = provider(providerId);
        FeedSubscription current = subscriptions.find(providerId).map(Versioned::value)
                .filter(s -> !s.revoked())
                .orElseGet(() -> issue(providerId, false));
        return link(provider, current, baseUrl);
    }

    /** A new link for the provider; every earlier one answers 404 from now on. */
    FeedLink rotate(String providerId, String baseUrl) {
        Resource provider = provider(providerId);
        return link(provider, issue(providerId, false), baseUrl);
    }

    /** Revokes the provider's link (e.g. it leaked): every link issued so far answers 404; asking again issues a new one. */
    void revoke(String providerId) {
        provider(providerId);
        issue(providerId, true);
    }

    /** The feed a subscription link names, if the link is genuine and still current. */
    Optional<String> subscribed(String token) {
        String bare = token.endsWith(".ics") ? token.substring(0, token.length() - 4) : token;
        return tokens.verify(bare).flatMap(feed -> Callers.callAs(Caller.system(feed.tenant()), () -> {
            Optional<FeedSubscription> current = subscriptions.find(feed.providerId()).map(Versioned::value);
            boolean valid = feed.feedId() == null ? current.isEmpty()
                    : current.filter(s -> !s.revoked() && s.feedId().equals(feed.feedId())).isPresent();
            return valid ? Optional.of(render(feed.providerId(), 90)) : Optional.empty();
        }));
    }

    /** The provider's bookings from a week ago to {@code days} ahead, as iCalendar text. */
    String render(String providerId, int days) {
        if (days < 1 || days > 366) {
            throw ApiProblem.invalid("days", "must be between 1 and 366");
        }
        Instant now = clock.instant();
        List<Document> booked = appointments.find(Criteria.where("providerIds").is(providerId)
                        .and("status").in("HELD", "BOOKED", "CHECKED_IN", "COMPLETED")
                        .and("start").gte(Date.from(now.minus(Duration.ofDays(7))))
                        .lt(Date.from(now.plus(Duration.ofDays(days)))),
                Sort.by("start"), 2000);
        FluentCalendar calendar = new Calendar().withProdId("-//Liaison//Scheduling//EN").withDefaults()
                .withProperty(new XProperty("X-WR-CALNAME", calendarName(resources.find(providerId), providerId)))
                .withProperty(new XProperty("X-PUBLISHED-TTL", "PT15M"));
        Detail detail = detailByTenant.getOrDefault(Callers.current().tenantId(), defaultDetail);
        Map<String, String> typeNames = new HashMap<>();
        Map<String, String> roomNames = new HashMap<>();
        for (Document appointment : booked) {
            String summary = "Busy";
            List<String> rooms = new ArrayList<>();
            if (detail != Detail.BUSY) {
                summary = typeNames.computeIfAbsent(appointment.getString("appointmentTypeId"),
                        id -> types.find(id).map(AppointmentType::name).orElse(id));
            }
            if (detail == Detail.TYPE_AND_ROOM) {
                for (String room : appointment.getList("roomIds", String.class, List.of())) {
                    rooms.add(roomNames.computeIfAbsent(room, id -> resources.find(id).map(Resource::name).orElse(id)));
                }
                if (!rooms.isEmpty()) {
                    summary = summary + " · " + String.join(", ", rooms);
                }
            }
            VEvent event = new VEvent(appointment.getDate("start").toInstant(), appointment.getDate("end").toInstant(), summary);
            event.add(new Uid(appointment.getString("_id") + "@liaison"));
            if (!rooms.isEmpty()) {
                event.add(new Location(String.join(", ", rooms)));
            }
            event.add("HELD".equals(appointment.getString("status")) ? new Status("TENTATIVE") : new Status("CONFIRMED"));
            calendar.withComponent(event);
        }
        return calendar.getFluentTarget().toString();
    }

    private FeedSubscription issue(String providerId, boolean revoked) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        FeedSubscription next = new FeedSubscription(providerId, Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                clock.instant(), Callers.current().userId(), revoked);
        try {
            if (subscriptions.find(providerId).isEmpty()) {
                return subscriptions.insert(next, List.of(), null).value();
            }
        } catch (DuplicateKeyException issuedMeanwhile) {
            // another request issued the first link at the same moment: replace it below like any later one
        }
        return subscriptions.modify(providerId, current -> TenantStore.Change.quietly(next)).value();
    }

    private FeedLink link(Resource provider, FeedSubscription subscription, String baseUrl) {
        String url = baseUrl + FEED_PATH + tokens.issue(Callers.current().tenantId(), provider.id(), subscription.feedId()) + ".ics";
        return new FeedLink(url, url.replaceFirst("^https?://", "webcal://"), calendarName(Optional.of(provider), provider.id()));
    }

    private Resource provider(String providerId) {
        return resources.find(providerId).filter(r -> r.kind() == Resource.Kind.PROVIDER)
                .orElseThrow(() -> ApiProblem.notFound("provider"));
    }

    private static String calendarName(Optional<Resource> provider, String providerId) {
        return provider.map(Resource::name).orElse(providerId) + " — Liaison";
    }
}
