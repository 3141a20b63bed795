package health.liaison.scheduling.booking;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The appointment lists front ends build day sheets and patient timelines from. */
class AppointmentListsIT extends SchedulingTestBase {

    static final String LIST = "/api/scheduling/v1/appointments";
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    String run;
    String clinic;
    String otherClinic;
    String drA;
    String drB;
    String room;
    String type;
    String staff;
    LocalDate day;

    @BeforeEach
    void practice() {
        run = UUID.randomUUID().toString().substring(0, 8);
        clinic = "list-" + run;
        otherClinic = "list-ny-" + run;
        String admin = TestIdentity.token().tenant("aurora").roles("ADMIN").sign();
        StringBuilder hours = new StringBuilder();
        for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.append(hours.isEmpty() ? "" : ",").append("\"").append(d).append("\":[{\"opens\":\"00:00\",\"closes\":\"23:59\"}]");
        }
        for (String[] c : new String[][]{{clinic, "America/Los_Angeles"}, {otherClinic, "America/New_York"}}) {
            ApiClient.Answer defined = api().put("/api/scheduling/v1/locations/" + c[0],
                    "{\"name\":\"Clinic " + c[0] + "\",\"zoneId\":\"" + c[1] + "\",\"hours\":{" + hours + "}}").token(admin).send();
            assertThat(defined.status()).as(defined.toString()).isEqualTo(200);
        }
        staff = TestIdentity.token().tenant("aurora").locations(clinic, otherClinic).roles("COORDINATOR").sign();
        drA = "dr-list-a-" + run;
        drB = "dr-list-b-" + run;
        room = "room-list-" + run;
        resource(drA, "PROVIDER", "SURGEON");
        resource(drB, "PROVIDER", "SURGEON");
        resource(room, "ROOM", "CONSULT_ROOM");
        type = "consult-list-" + run;
        ApiClient.Answer defined = api().put("/api/scheduling/v1/appointment-types/" + type, """
                {"name":"Consultation %s","category":"CONSULTATION","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":0}"""
                .formatted(run)).token(staff).send();
        assertThat(defined.status()).as(defined.toString()).isEqualTo(200);
        day = LocalDate.now(LOS_ANGELES).plusDays(40 + Math.abs(run.hashCode() % 200));
    }

    @Test
    void aClinicsDayIsItsLocalDayInItsOwnTimeZone() {
        String previousEvening = book(clinic, "pat-1", drB, null, at(day.minusDays(1), "23:00"));
        String firstMoment = book(clinic, "pat-2", drA, null, at(day, "00:00"));
        String noon = book(clinic, "pat-3", drB, room, at(day, "12:00"));
        String lastSlot = book(clinic, "pat-4", drA, null, at(day, "23:00"));
        String nextMorning = book(clinic, "pat-5", drB, null, at(day.plusDays(1), "00:00"));
        // the last slot's start is already the next day in UTC; the previous evening's is this day in UTC
        assertThat(at(day, "23:00").toString()).startsWith(day.plusDays(1).toString());
        assertThat(at(day.minusDays(1), "23:00").toString()).startsWith(day.toString());

        ApiClient.Answer sheet = api().get(LIST + "?locationId=" + clinic + "&date=" + day).token(staff).send();
        assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
        assertThat(ids(sheet)).containsExactly(firstMoment, noon, lastSlot);
        assertThat(sheet.json().get("totalItems").asLong()).isEqualTo(3);
        assertThat(sheet.json().get("totalPages").asInt()).isEqualTo(1);
        assertThat(sheet.json().get("page").asInt()).isZero();
        assertThat(sheet.json().get("size").asInt()).isEqualTo(50);
        JsonNode item = sheet.json().get("items").get(1);
        assertThat(item.get("patientId").asString()).isEqualTo("pat-3");
        assertThat(item.get("locationId").asString()).isEqualTo(clinic);
        assertThat(item.get("appointmentTypeId").asString()).isEqualTo(type);
        assertThat(item.get("appointmentTypeName").asString()).isEqualTo("Consultation " + run);
        assertThat(item.get("category").asString()).isEqualTo("CONSULTATION");
        assertThat(item.get("status").asString()).isEqualTo("BOOKED");
        assertThat(Instant.parse(item.get("start").asString())).isEqualTo(at(day, "12:00"));
        assertThat(Instant.parse(item.get("end").asString())).isEqualTo(at(day, "12:30"));
        assertThat(item.get("providerIds").get(0).asString()).isEqualTo(drB);
        assertThat(item.get("roomIds").get(0).asString()).isEqualTo(room);
        assertThat(item.get("flow").has("checkedInAt")).isTrue();
        assertThat(item.get("flow").get("checkedInAt").isNull()).isTrue();
        assertThat(item.has("holdExpiresAt")).isTrue();

        // the same span by instants, and the neighbouring days
        assertThat(ids(api().get(LIST + "?locationId=" + clinic + "&from=" + at(day, "00:00") + "&to=" + at(day.plusDays(1), "00:00"))
                .token(staff).send())).containsExactly(firstMoment, noon, lastSlot);
        assertThat(ids(api().get(LIST + "?locationId=" + clinic + "&date=" + day.minusDays(1)).token(staff).send())).containsExactly(previousEvening);
        assertThat(ids(api().get(LIST + "?locationId=" + clinic + "&date=" + day.plusDays(1)).token(staff).send())).containsExactly(nextMorning);
    }

    @Test
    void pagesNeitherLoseNorRepeatAnItemAndSayHowManyThereAre() {
        List<String> booked = new ArrayList<>();
        for (int hour = 8; hour < 12; hour++) {
            // two appointments at each start, so the order among equal starts matters too
            booked.add(book(clinic, "pat-p" + hour, drA, null, at(day, hour + ":00")));
            booked.add(book(clinic, "pat-q" + hour, drB, null, at(day, hour + ":00")));
        }
        booked.add(book(clinic, "pat-last", drA, null, at(day, "16:00")));
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            ApiClient.Answer answer = api().get(LIST + "?locationId=" + clinic + "&date=" + day + "&size=4&page=" + page).token(staff).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("totalItems").asLong()).isEqualTo(9);
            assertThat(answer.json().get("totalPages").asInt()).isEqualTo(3);
            assertThat(answer.json().get("page").asInt()).isEqualTo(page);
            assertThat(answer.json().get("size").asInt()).isEqualTo(4);
            assertThat(answer.json().get("items").size()).isEqualTo(page < 2 ? 4 : page == 2 ? 1 : 0);
            seen.addAll(ids(answer));
        }
        assertThat(seen).hasSize(9).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(booked);
        assertThat(seen.getLast()).isEqualTo(booked.getLast());
        List<Instant> starts = new ArrayList<>();
        for (String id : seen) {
            starts.add(Instant.parse(api().get(LIST + "/" + id).token(staff).send().json().get("start").asString()));
        }
        assertThat(starts).isSorted();

        for (String bad : List.of("size=0", "size=201", "page=-1", "size=many")) {
            ApiClient.Answer refused = api().get(LIST + "?locationId=" + clinic + "&date=" + day + "&" + bad).token(staff).send();
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
        assertThat(api().get(LIST + "?locationId=" + clinic + "&date=" + day + "&size=200").token(staff).send().status()).isEqualTo(200);
    }

    @Test
    void filtersByProviderRoomPatientAndStatus() {
        String a = book(clinic, "pat-f1", drA, null, at(day, "09:00"));
        String b = book(clinic, "pat-f2", drB, room, at(day, "09:30"));
        String c = book(clinic, "pat-f1", drB, null, at(day, "10:00"));
        String cancelled = book(clinic, "pat-f3", drA, room, at(day, "11:00"));
        assertThat(api().post(LIST + "/" + cancelled + "/cancellation", "{\"reasonCode\":\"OTHER\"}").token(staff).send().status()).isEqualTo(200);
        String dayQuery = LIST + "?locationId=" + clinic + "&date=" + day;

        assertThat(ids(api().get(dayQuery + "&providerId=" + drA).token(staff).send())).containsExactly(a, cancelled);
        assertThat(ids(api().get(dayQuery + "&roomId=" + room).token(staff).send())).containsExactly(b, cancelled);
        assertThat(ids(api().get(dayQuery + "&patientId=pat-f1").token(staff).send())).containsExactly(a, c);
        assertThat(ids(api().get(dayQuery + "&status=CANCELLED").token(staff).send())).containsExactly(cancelled);
        assertThat(ids(api().get(dayQuery + "&status=BOOKED").token(staff).send())).containsExactly(a, b, c);
        assertThat(ids(api().get(dayQuery + "&status=BOOKED&status=CANCELLED").token(staff).send())).containsExactly(a, b, c, cancelled);
        assertThat(ids(api().get(dayQuery + "&providerId=" + drB + "&patientId=pat-f1").token(staff).send())).containsExactly(c);
        // a patient's appointments across every clinic and day, without a date
        String elsewhere = book(otherClinic, "pat-f1", drA, null, at(day.plusDays(2), "10:00"));
        assertThat(ids(api().get(LIST + "?patientId=pat-f1").token(staff).send())).containsExactly(a, c, elsewhere);

        List<String[]> bad = List.of(new String[]{dayQuery + "&status=BOGUS", "status"},
                new String[]{dayQuery + "&from=" + at(day, "00:00"), "date"},
                new String[]{LIST + "?locationId=" + clinic + "&date=2026-13-01", "date"},
                new String[]{LIST + "?date=" + day, "locationId"},
                new String[]{LIST + "?locationId=" + clinic + "&from=yesterday", "from"},
                new String[]{LIST + "?locationId=" + clinic + "&from=" + at(day, "10:00") + "&to=" + at(day, "09:00"), "to"});
        for (String[] query : bad) {
            ApiClient.Answer refused = api().get(query[0]).token(staff).send();
            assertThat(refused.status()).as(query[0] + " " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(query[0]).isEqualTo(query[1]);
        }
    }

    @Test
    void staffSeeTheirClinicsAPatientOnlyTheirOwnAndAnotherGroupNothing() {
        String mine = book(clinic, "pat-own-" + run, drA, null, at(day, "09:00"));
        String theirs = book(clinic, "pat-other-" + run, drB, null, at(day, "10:00"));
        String newYork = book(otherClinic, "pat-ny-" + run, drA, null, at(day.plusDays(1), "09:00"));
        String span = "from=" + at(day, "00:00") + "&to=" + at(day.plusDays(3), "00:00");

        for (String role : List.of("COORDINATOR", "PROVIDER", "NURSE")) {
            String token = TestIdentity.token().tenant("aurora").locations(clinic).roles(role).sign();
            assertThat(ids(api().get(LIST + "?locationId=" + clinic + "&date=" + day).token(token).send())).as(role)
                    .containsExactly(mine, theirs);
            // without a clinic: the clinics the caller works at, not the New York one
            assertThat(ids(api().get(LIST + "?" + span).token(token).send())).as(role).containsExactly(mine, theirs);
            ApiClient.Answer notTheirs = api().get(LIST + "?locationId=" + otherClinic + "&" + span).token(token).send();
            assertThat(notTheirs.status()).as(role).isEqualTo(403);
            assertThat(notTheirs.header("Content-Type")).startsWith("application/problem+json");
        }
        String admin = TestIdentity.token().tenant("aurora").roles("ADMIN").sign();
        assertThat(ids(api().get(LIST + "?locationId=" + otherClinic + "&" + span).token(admin).send())).containsExactly(newYork);
        assertThat(ids(api().get(LIST + "?" + span + "&providerId=" + drA).token(admin).send())).containsExactly(mine, newYork);

        for (String role : List.of("BILLING", "INVENTORY")) {
            ApiClient.Answer refused = api().get(LIST + "?locationId=" + clinic + "&date=" + day)
                    .token(TestIdentity.token().tenant("aurora").locations(clinic).roles(role).sign()).send();
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("pat-");
        }

        String patient = TestIdentity.token().tenant("aurora").roles("PATIENT").patientId("pat-own-" + run).sign();
        assertThat(ids(api().get(LIST + "?" + span).token(patient).send())).containsExactly(mine);
        ApiClient.Answer forced = api().get(LIST + "?" + span + "&patientId=pat-other-" + run).token(patient).send();
        assertThat(ids(forced)).as("a patient's filter is always themselves").containsExactly(mine);
        assertThat(forced.body()).doesNotContain("pat-other-");

        String belmontAdmin = TestIdentity.token().tenant("belmont").roles("ADMIN").sign();
        ApiClient.Answer otherGroup = api().get(LIST + "?locationId=" + clinic + "&" + span).token(belmontAdmin).send();
        assertThat(otherGroup.status()).isEqualTo(200);
        assertThat(otherGroup.json().get("items").size()).isZero();
        assertThat(otherGroup.json().get("totalItems").asLong()).isZero();
        assertThat(api().get(LIST + "?patientId=pat-own-" + run).token(belmontAdmin).send().json().get("totalItems").asLong()).isZero();
        assertThat(api().get(LIST + "?locationId=" + clinic + "&" + span)
                .token(TestIdentity.coordinator("belmont", "belmont-chicago")).send().status()).isEqualTo(403);
    }

    @Test
    void theListsAreServedByIndexesInStartOrder() {
        Set<String> names = new HashSet<>();
        for (Document index : mongo.getCollection("appointments").listIndexes()) {
            names.add(index.getString("name"));
            if ("list_by_location_start".equals(index.getString("name"))) {
                assertThat(index.get("key", Document.class).keySet()).containsExactly("tenantId", "locationId", "start", "_id");
            }
        }
        assertThat(names).contains("list_by_location_start", "list_by_patient_start");
    }

    private Instant at(LocalDate date, String time) {
        return date.atTime(LocalTime.parse(time.length() == 4 ? "0" + time : time)).atZone(LOS_ANGELES).toInstant();
    }

    private String book(String location, String patient, String provider, String roomId, Instant start) {
        String json = """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","providerIds":["%s"],"roomIds":%s,"start":"%s"}"""
                .formatted(patient, location, type, provider, roomId == null ? "[]" : "[\"" + roomId + "\"]", start);
        ApiClient.Answer booked = api().post(LIST, json).token(staff).send();
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().get("id").asString();
    }

    private void resource(String id, String kind, String role) {
        ApiClient.Answer answer = api().put("/api/scheduling/v1/resources/" + id, "{\"kind\":\"" + kind + "\",\"role\":\"" + role
                + "\",\"name\":\"" + id + "\",\"locationIds\":[\"" + clinic + "\",\"" + otherClinic + "\"]}").token(staff).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private static List<String> ids(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
