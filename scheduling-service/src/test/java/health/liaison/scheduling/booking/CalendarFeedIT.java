package health.liaison.scheduling.booking;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider's calendar subscription: a link calendar apps accept as is, a named feed, readable titles, revocation. */
class CalendarFeedIT extends SchedulingTestBase {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    final HttpClient http = HttpClient.newHttpClient();

    String run;
    String clinic;
    String provider;
    String room;
    String type;
    String staff;
    String booked;

    @BeforeEach
    void practice() {
        run = UUID.randomUUID().toString().substring(0, 8);
        clinic = "feeds-" + run;
        String admin = TestIdentity.token().tenant("aurora").roles("ADMIN").sign();
        ApiClient.Answer defined = api().put("/api/scheduling/v1/locations/" + clinic, """
                {"name":"Feeds clinic","zoneId":"America/Chicago","hours":{"MONDAY":[{"opens":"07:00","closes":"19:00"}],
                 "TUESDAY":[{"opens":"07:00","closes":"19:00"}],"WEDNESDAY":[{"opens":"07:00","closes":"19:00"}],
                 "THURSDAY":[{"opens":"07:00","closes":"19:00"}],"FRIDAY":[{"opens":"07:00","closes":"19:00"}],
                 "SATURDAY":[{"opens":"07:00","closes":"19:00"}],"SUNDAY":[{"opens":"07:00","closes":"19:00"}]}}""")
                .token(admin).send();
        assertThat(defined.status()).as(defined.toString()).isEqualTo(200);
        staff = TestIdentity.token().tenant("aurora").locations(clinic).roles("COORDINATOR").sign();
        provider = "dr-feed-" + run;
        room = "suite-feed-" + run;
        resource(provider, "PROVIDER", "SURGEON", "Dr Alvarez " + run);
        resource(room, "ROOM", "CONSULT_ROOM", "Suite 3 " + run);
        type = "rhino-consult-" + run;
        assertThat(api().put("/api/scheduling/v1/appointment-types/" + type, """
                {"name":"Rhinoplasty consultation","category":"CONSULTATION","durationMinutes":45,"setupMinutes":0,"turnoverMinutes":0}""")
                .token(staff).send().status()).isEqualTo(200);
        Instant start = LocalDate.now(CHICAGO).plusDays(3).atTime(LocalTime.of(10, 0)).atZone(CHICAGO).toInstant();
        ApiClient.Answer answer = api().post("/api/scheduling/v1/appointments", """
                {"patientId":"pat-feed-%s","locationId":"%s","appointmentTypeId":"%s","providerIds":["%s"],"roomIds":["%s"],"start":"%s"}"""
                .formatted(run, clinic, type, provider, room, start)).token(staff).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        booked = answer.json().get("id").asString();
    }

    @Test
    void theLinkIsAnAbsoluteUrlAndTheFeedIsNamedWithEventsTitledByNames() throws Exception {
        ApiClient.Answer link = api().get(linkPath()).token(staff).send();
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        String url = link.json().get("url").asString();
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/api/scheduling/v1/calendar-feeds/").endsWith(".ics");
        assertThat(link.json().get("webcalUrl").asString()).isEqualTo(url.replace("http://", "webcal://"));
        assertThat(link.json().get("calendarName").asString()).isEqualTo("Dr Alvarez " + run + " — Liaison");

        // behind the gateway the link names the host and scheme the caller used
        ApiClient.Answer forwarded = api().get(linkPath()).token(staff).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "liaison.clinic.example").header("X-Forwarded-Port", "443").send();
        assertThat(forwarded.json().get("url").asString()).startsWith("https://liaison.clinic.example/api/scheduling/v1/calendar-feeds/")
                .isEqualTo(url.replace("http://127.0.0.1:" + port, "https://liaison.clinic.example"));

        HttpResponse<String> feed = fetch(url);
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
        assertThat(calendar.<Property>getProperty("X-WR-CALNAME").orElseThrow().getValue()).isEqualTo("Dr Alvarez " + run + " — Liaison");
        assertThat(calendar.getComponents()).hasSize(1);
        VEvent event = (VEvent) calendar.getComponents().getFirst();
        assertThat(event.<Property>getProperty("SUMMARY").orElseThrow().getValue()).isEqualTo("Rhinoplasty consultation · Suite 3 " + run);
        assertThat(event.<Property>getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("Suite 3 " + run);
        assertThat(event.getUid().orElseThrow().getValue()).isEqualTo(booked + "@liaison");
        assertThat(feed.body()).doesNotContain(type).doesNotContain(room).doesNotContain("pat-feed");
        // the authenticated feed is the same calendar
        assertThat(api().get("/api/scheduling/v1/providers/" + provider + "/calendar.ics").token(staff).send().body())
                .contains("X-WR-CALNAME:Dr Alvarez " + run);
    }

    @Test
    void aRotatedOrRevokedLinkAnswers404AndTheNewOneWorks() throws Exception {
        String first = api().get(linkPath()).token(staff).send().json().get("url").asString();
        assertThat(api().get(linkPath()).token(staff).send().json().get("url").asString()).as("the link is stable").isEqualTo(first);
        assertThat(fetch(first).statusCode()).isEqualTo(200);

        ApiClient.Answer rotated = api().post(linkPath() + "/rotation", "").token(staff).send();
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.json().get("url").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(fetch(first).statusCode()).isEqualTo(404);
        assertThat(fetch(second).statusCode()).isEqualTo(200);
        assertThat(api().get(linkPath()).token(staff).send().json().get("url").asString()).isEqualTo(second);

        assertThat(api().delete(linkPath()).token(staff).send().status()).isEqualTo(204);
        HttpResponse<String> revoked = fetch(second);
        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(revoked.body()).doesNotContain("BEGIN:VCALENDAR");

        String third = api().get(linkPath()).token(staff).send().json().get("url").asString();
        assertThat(third).isNotIn(first, second);
        assertThat(fetch(third).statusCode()).isEqualTo(200);
        for (String old : List.of(first, second)) {
            assertThat(fetch(old).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onlyTheCareTeamAndFrontDeskManageLinksAndOnlyForTheirOwnGroupsProviders() {
        assertThat(api().get("/api/scheduling/v1/providers/nobody-" + run + "/calendar-feed").token(staff).send().status()).isEqualTo(404);
        assertThat(api().get("/api/scheduling/v1/providers/" + room + "/calendar-feed").token(staff).send().status())
                .as("a room has no provider's calendar").isEqualTo(404);
        String belmont = TestIdentity.coordinator("belmont", "belmont-chicago");
        for (ApiClient.Call call : List.of(api().get(linkPath()), api().post(linkPath() + "/rotation", ""), api().delete(linkPath()))) {
            assertThat(call.token(belmont).send().status()).isEqualTo(404);
        }
        String billing = TestIdentity.token().tenant("aurora").locations(clinic).roles("BILLING").sign();
        for (ApiClient.Call call : List.of(api().get(linkPath()), api().post(linkPath() + "/rotation", ""), api().delete(linkPath()))) {
            ApiClient.Answer refused = call.token(billing).send();
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    private String linkPath() {
        return "/api/scheduling/v1/providers/" + provider + "/calendar-feed";
    }

    private HttpResponse<String> fetch(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void resource(String id, String kind, String role, String name) {
        ApiClient.Answer answer = api().put("/api/scheduling/v1/resources/" + id, "{\"kind\":\"" + kind + "\",\"role\":\"" + role
                + "\",\"name\":\"" + name + "\",\"locationIds\":[\"" + clinic + "\"]}").token(staff).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
}
