package health.liaison.scheduling.booking;

import health.liaison.platform.events.EventJson;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules before any claim: registered resources at the clinic, the type's needs, who may perform it,
 * prerequisites, providers' working hours, holidays, vacations and OR block time, equipment out of service.
 */
class SchedulingRulesIT extends SchedulingTestBase {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    String run;
    String clinic;
    String surgeonA;
    String surgeonB;
    String anesthesia;
    String or;
    String laser;
    String surgery;
    String consultation;
    String staff;
    LocalDate monday;

    @BeforeEach
    void practice() {
        run = UUID.randomUUID().toString().substring(0, 8);
        clinic = "rules-" + run;
        staff = health.liaison.platform.testing.TestIdentity.token().tenant("aurora").locations(clinic).roles("COORDINATOR").sign();
        assertThat(api().put("/api/scheduling/v1/locations/" + clinic, """
                {"name":"Rules clinic","zoneId":"America/New_York","hours":{"MONDAY":[{"opens":"07:00","closes":"19:00"}],
                 "TUESDAY":[{"opens":"07:00","closes":"19:00"}],"WEDNESDAY":[{"opens":"07:00","closes":"19:00"}],
                 "THURSDAY":[{"opens":"07:00","closes":"19:00"}],"FRIDAY":[{"opens":"07:00","closes":"19:00"}],
                 "SATURDAY":[{"opens":"07:00","closes":"19:00"}]}}""")
                .token(health.liaison.platform.testing.TestIdentity.token().tenant("aurora").roles("ADMIN").sign()).send().status()).isEqualTo(200);
        surgeonA = "dr-a-" + run;
        surgeonB = "dr-b-" + run;
        anesthesia = "anes-" + run;
        or = "or-" + run;
        laser = "laser-" + run;
        StringBuilder hours = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            hours.append(hours.isEmpty() ? "" : ",").append("{\"locationId\":\"").append(clinic).append("\",\"day\":\"").append(day)
                    .append("\",\"start\":\"08:00\",\"end\":\"17:00\"}");
        }
        resource(surgeonA, "PROVIDER", "SURGEON", "[" + hours + "]");
        resource(surgeonB, "PROVIDER", "SURGEON", null);
        resource(anesthesia, "PROVIDER", "ANESTHESIA", null);
        resource(or, "ROOM", "OPERATING_ROOM", null);
        resource(laser, "EQUIPMENT", "LASER", null);
        surgery = "augmentation-" + run;
        consultation = "consult-" + run;
        assertThat(api().put("/api/scheduling/v1/appointment-types/" + surgery, """
                {"name":"Breast augmentation","category":"SURGERY","durationMinutes":180,"setupMinutes":30,"turnoverMinutes":30,
                 "needs":[{"kind":"PROVIDER","role":"SURGEON"},{"kind":"PROVIDER","role":"ANESTHESIA"},{"kind":"ROOM","role":"OPERATING_ROOM"}],
                 "allowedProviderIds":["%s"],"prerequisites":["CONSULTATION"],"followUps":["P1D","P1W","P30D"],"followUpTypeId":"%s"}"""
                .formatted(surgeonA, "postop-" + run)).token(coordinator).send().status()).isEqualTo(200);
        define(consultation, "CONSULTATION", 60, 0, 0);
        monday = LocalDate.now(NEW_YORK).plusDays(40).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }

    @Test
    void aSurgeryNeedsItsResourcesAnAllowedSurgeonAndACompletedConsultation() {
        String patient = "pat-" + run;
        Instant tuesday9 = at(monday.plusDays(1), 9, 0);
        ApiClient.Answer noConsult = book(patient, surgery, List.of(surgeonA, anesthesia), List.of(or), tuesday9);
        assertThat(noConsult.status()).isEqualTo(422);
        assertThat(noConsult.json().get("type").asString()).endsWith("prerequisite-missing");

        String consult = book(patient, consultation, List.of(surgeonA), List.of(), at(monday, 9, 0)).json().get("id").asString();
        for (String step : List.of("check-in", "check-out")) {
            assertThat(api().post("/api/scheduling/v1/appointments/" + consult + "/" + step, "{}").token(staff).send().status()).isEqualTo(200);
        }
        assertProblem(book(patient, surgery, List.of(surgeonA), List.of(or), tuesday9), 400, "providerIds", "needs a ANESTHESIA");
        assertProblem(book(patient, surgery, List.of(surgeonA, anesthesia), List.of(), tuesday9), 400, "roomIds", "needs a OPERATING_ROOM");
        assertProblem(book(patient, surgery, List.of(surgeonB, anesthesia), List.of(or), tuesday9), 400, "providerIds", "may not perform");
        assertProblem(book(patient, surgery, List.of(surgeonA, anesthesia), List.of("or-nowhere"), tuesday9), 400, "roomIds", "is not a room");
        assertProblem(book(patient, surgery, List.of(surgeonA, "dr-unknown"), List.of(or), tuesday9), 400, "providerIds", "is not a provider");
        assertThat(book(patient, surgery, List.of(surgeonA, anesthesia), List.of(or), tuesday9).status()).isEqualTo(201);
    }

    @Test
    void providersWorkOnlyInTheirHoursAndHolidaysCloseTheClinic() {
        assertProblem(book("p1", consultation, List.of(surgeonA), List.of(), at(monday.plusDays(1), 17, 30)), 400, "start", "does not work");
        assertProblem(book("p2", consultation, List.of(surgeonA), List.of(), at(monday.plusDays(5), 9, 0)), 400, "start", "does not work");
        // surgeon B has no template: the clinic's hours apply, Saturday included
        assertThat(book("p3", consultation, List.of(surgeonB), List.of(), at(monday.plusDays(5), 9, 0)).status()).isEqualTo(201);

        List<String> tuesday = slots(surgeonA, monday.plusDays(1), monday.plusDays(1));
        assertThat(tuesday.getFirst()).isEqualTo(at(monday.plusDays(1), 8, 0).toString());
        assertThat(tuesday.getLast()).isEqualTo(at(monday.plusDays(1), 16, 0).toString());
        assertThat(slots(surgeonA, monday.plusDays(5), monday.plusDays(5))).isEmpty();

        LocalDate wednesday = monday.plusDays(2);
        assertThat(api().put("/api/scheduling/v1/locations/" + clinic + "/holidays/" + wednesday, "{\"name\":\"Staff day\"}")
                .token(coordinator).send().status()).isEqualTo(200);
        assertProblem(book("p4", consultation, List.of(surgeonB), List.of(), at(wednesday, 10, 0)), 400, "start", "closed on " + wednesday);
        assertThat(slots(surgeonB, wednesday, wednesday)).isEmpty();
        assertThat(slots(surgeonB, monday.plusDays(3), monday.plusDays(3))).isNotEmpty();
    }

    @Test
    void everyChangeOfAClinicIsPublishedWithItsZoneHoursAndHolidays() {
        LocalDate christmas = LocalDate.of(2026, 12, 25);
        assertThat(api().put("/api/scheduling/v1/locations/" + clinic + "/holidays/" + christmas, "{\"name\":\"Christmas\"}")
                .token(coordinator).send().status()).isEqualTo(200);

        List<JsonNode> changes = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_LOCATION, Duration.ofSeconds(30),
                        records -> records.stream().filter(r -> clinic.equals(r.key())).count() >= 2)
                .stream().filter(r -> clinic.equals(r.key()))
                .peek(r -> assertThat(TopicProbe.header(r, "ce_type")).contains("health.liaison.scheduling.location.changed.v1"))
                .map(r -> EventJson.mapper().readTree(r.value())).toList();
        assertThat(changes.getFirst().get("zoneId").asString()).isEqualTo("America/New_York");
        assertThat(changes.getFirst().get("hours").get("MONDAY").get(0).get("opens").asString()).isEqualTo("07:00:00");
        assertThat(changes.getFirst().get("holidays")).isEmpty();
        assertThat(changes.getLast().get("holidays").get(0).asString()).isEqualTo(christmas.toString());
    }

    @Test
    void nextAvailableChoosesAWholeFreeTeamAndTheOfferCanBeBookedAsItIs() {
        String patient = "team-" + run;
        String consult = book(patient, consultation, List.of(surgeonA), List.of(), at(monday, 8, 0)).json().get("id").asString();
        for (String step : List.of("check-in", "check-out")) {
            assertThat(api().post("/api/scheduling/v1/appointments/" + consult + "/" + step, "{}").token(staff).send().status()).isEqualTo(200);
        }
        // Tuesday morning the anesthesia provider is already taken until 12:00: the first team time is after that
        LocalDate tuesday = monday.plusDays(1);
        define("sedation-" + run, "PROCEDURE", 240, 0, 0);
        assertThat(book("other-" + run, "sedation-" + run, List.of(anesthesia), List.of(), at(tuesday, 8, 0)).status()).isEqualTo(201);

        ApiClient.Answer next = api().get("/api/scheduling/v1/availability/next?appointmentTypeId=" + surgery + "&locationIds=" + clinic
                + "&from=" + tuesday + "&to=" + tuesday.plusDays(2) + "&limit=3").token(coordinator).send();
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        JsonNode first = next.json().get(0);
        // surgeon B may not perform it, so every offer has surgeon A, the one anesthesia provider and the OR
        for (JsonNode offer : next.json()) {
            assertThat(texts(offer.get("providerIds"))).containsExactly(surgeonA, anesthesia);
            assertThat(texts(offer.get("roomIds"))).containsExactly(or);
            assertThat(offer.get("providerId").asString()).isEqualTo(surgeonA);
        }
        // 08:00–12:00 the anesthesia provider is busy; 30 min set-up before the start: 12:30 local at the earliest
        assertThat(Instant.parse(first.get("start").asString())).isEqualTo(at(tuesday, 12, 30));
        ApiClient.Answer booked = book(patient, surgery, texts(first.get("providerIds")), texts(first.get("roomIds")),
                Instant.parse(first.get("start").asString()));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        // and that time is gone from the next search
        assertThat(api().get("/api/scheduling/v1/availability/next?appointmentTypeId=" + surgery + "&locationIds=" + clinic
                + "&from=" + tuesday + "&to=" + tuesday.plusDays(2) + "&limit=3").token(coordinator).send().json().get(0).get("start").asString())
                .isNotEqualTo(first.get("start").asString());
        // naming a provider who may not perform it leaves nobody to choose
        assertThat(api().get("/api/scheduling/v1/availability/next?appointmentTypeId=" + surgery + "&locationIds=" + clinic
                + "&providerIds=" + surgeonB + "&from=" + tuesday + "&to=" + tuesday.plusDays(2)).token(coordinator).send().json().size()).isZero();
    }

    @Test
    void aVirtualConsultationTakesAProviderButNoRoom() {
        String video = "video-consult-" + run;
        assertThat(api().put("/api/scheduling/v1/appointment-types/" + video, """
                {"name":"Video consultation","category":"CONSULTATION","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":0,
                 "needs":[{"kind":"PROVIDER","role":"SURGEON"}],"virtual":true}""").token(coordinator).send().json().get("virtual").asBoolean())
                .isTrue();
        assertProblem(api().put("/api/scheduling/v1/appointment-types/video-or-" + run, """
                {"name":"Video?","category":"CONSULTATION","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":0,
                 "needs":[{"kind":"ROOM","role":"CONSULT_ROOM"}],"virtual":true}""").token(coordinator).send(), 400, "needs", "providers only");
        assertProblem(api().put("/api/scheduling/v1/appointment-types/video-surgery-" + run, """
                {"name":"Video surgery","category":"SURGERY","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":0,"virtual":true}""")
                .token(coordinator).send(), 400, "virtual", "only consultations");
        Instant wednesday10 = at(monday.plusDays(2), 10, 0);
        assertProblem(book("v-" + run, video, List.of(surgeonA), List.of(or), wednesday10), 400, "roomIds", "takes no room");
        assertThat(book("v-" + run, video, List.of(surgeonA), List.of(), wednesday10).status()).isEqualTo(201);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    @Test
    void vacationsBlockAProviderAndOrBlockTimeKeepsTheRoomForItsSurgeon() {
        LocalDate thursday = monday.plusDays(3);
        ApiClient.Answer vacation = api().post("/api/scheduling/v1/resources/" + surgeonB + "/blocks",
                "{\"kind\":\"VACATION\",\"start\":\"" + at(thursday, 0, 0) + "\",\"end\":\"" + at(thursday.plusDays(1), 0, 0) + "\"}")
                .token(coordinator).send();
        assertThat(vacation.status()).isEqualTo(201);
        ApiClient.Answer away = book("p5", consultation, List.of(surgeonB), List.of(), at(thursday, 10, 0));
        assertThat(away.status()).isEqualTo(409);
        assertThat(slots(surgeonB, thursday, thursday)).isEmpty();
        assertThat(api().delete("/api/scheduling/v1/resources/" + surgeonB + "/blocks/" + vacation.json().get("id").asString())
                .token(coordinator).send().status()).isEqualTo(204);
        assertThat(book("p5", consultation, List.of(surgeonB), List.of(), at(thursday, 10, 0)).status()).isEqualTo(201);

        LocalDate friday = monday.plusDays(4);
        assertThat(api().post("/api/scheduling/v1/resources/" + or + "/blocks", "{\"kind\":\"OR_BLOCK\",\"reservedForProviderId\":\""
                + surgeonA + "\",\"start\":\"" + at(friday, 7, 0) + "\",\"end\":\"" + at(friday, 19, 0) + "\"}").token(coordinator).send().status())
                .isEqualTo(201);
        define("excision-" + run, "PROCEDURE", 60, 0, 0);
        assertThat(book("p6", "excision-" + run, List.of(surgeonB), List.of(or), at(friday, 10, 0)).status()).isEqualTo(409);
        assertThat(book("p7", "excision-" + run, List.of(surgeonA), List.of(or), at(friday, 10, 0)).status()).isEqualTo(201);
        // a block over an existing booking is refused: move the booking first
        assertThat(api().post("/api/scheduling/v1/resources/" + surgeonA + "/blocks", "{\"kind\":\"BLOCKED\",\"start\":\""
                + at(friday, 9, 0) + "\",\"end\":\"" + at(friday, 12, 0) + "\"}").token(coordinator).send().status()).isEqualTo(409);
    }

    @Test
    void equipmentOutOfServiceCannotBeBookedUntilItIsBack() {
        define("laser-hair-" + run, "PROCEDURE", 30, 0, 0);
        String json = "{\"patientId\":\"p8\",\"locationId\":\"" + clinic + "\",\"appointmentTypeId\":\"laser-hair-" + run
                + "\",\"providerIds\":[\"" + surgeonB + "\"],\"equipmentIds\":[\"" + laser + "\"],\"start\":\"" + at(monday.plusDays(1), 11, 0) + "\"}";
        assertThat(api().put("/api/scheduling/v1/resources/" + laser + "/service-status", "{\"outOfService\":true}").token(coordinator).send().status()).isEqualTo(200);
        ApiClient.Answer refused = api().post("/api/scheduling/v1/appointments", json).token(staff).send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("equipment-out-of-service");
        api().put("/api/scheduling/v1/resources/" + laser + "/service-status", "{\"outOfService\":false}").token(coordinator).send();
        // inventory's event takes it out of service again, and back
        health.liaison.platform.testing.TopicProbe.of(health.liaison.platform.testing.TestInfrastructure.get()).send(
                health.liaison.platform.outbox.CloudEventRecords.of("/liaison/inventory-service", "aurora", clinic,
                        new health.liaison.platform.events.inventory.EquipmentOutOfService(laser, clinic, "FAILED_INSPECTION", Instant.now())));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                api().get("/api/scheduling/v1/resources/" + laser).token(coordinator).send().json().get("outOfService").asBoolean());
        assertThat(api().post("/api/scheduling/v1/appointments", json).token(staff).send().status()).isEqualTo(409);
        health.liaison.platform.testing.TopicProbe.of(health.liaison.platform.testing.TestInfrastructure.get()).send(
                health.liaison.platform.outbox.CloudEventRecords.of("/liaison/inventory-service", "aurora", clinic,
                        new health.liaison.platform.events.inventory.EquipmentBackInService(laser, clinic, Instant.now())));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                !api().get("/api/scheduling/v1/resources/" + laser).token(coordinator).send().json().get("outOfService").asBoolean());
        assertThat(api().post("/api/scheduling/v1/appointments", json).token(staff).send().status()).isEqualTo(201);
        assertThat(api().post("/api/scheduling/v1/appointments", json.replace("\"p8\"", "\"p9\"")).token(staff).send().status()).isEqualTo(409);
    }

    private void resource(String id, String kind, String role, String workingHours) {
        ApiClient.Answer answer = api().put("/api/scheduling/v1/resources/" + id, "{\"kind\":\"" + kind + "\",\"role\":\"" + role
                + "\",\"name\":\"" + id + "\",\"locationIds\":[\"" + clinic + "\"]" + (workingHours == null ? "" : ",\"workingHours\":" + workingHours) + "}")
                .token(coordinator).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private ApiClient.Answer book(String patient, String type, List<String> providers, List<String> rooms, Instant start) {
        return api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"" + patient + "\",\"locationId\":\"" + clinic
                + "\",\"appointmentTypeId\":\"" + type + "\",\"providerIds\":" + array(providers) + ",\"roomIds\":" + array(rooms)
                + ",\"start\":\"" + start + "\"}").token(staff).send();
    }

    private List<String> slots(String provider, LocalDate from, LocalDate to) {
        ApiClient.Answer answer = api().get("/api/scheduling/v1/availability?appointmentTypeId=" + consultation + "&locationId=" + clinic
                + "&providerIds=" + provider + "&from=" + from + "&to=" + to + "&stepMinutes=60").token(staff).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> starts = new ArrayList<>();
        answer.json().forEach(s -> starts.add(s.get("start").asString()));
        return starts;
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(NEW_YORK).toInstant();
    }

    private static void assertProblem(ApiClient.Answer answer, int status, String field, String text) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body()).contains("\"" + field + "\"").contains(text);
    }
}
