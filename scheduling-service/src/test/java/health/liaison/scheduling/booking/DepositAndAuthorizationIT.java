package health.liaison.scheduling.booking;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.PriorAuthorizationDecided;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Other services' events drive the calendar: a paid deposit confirms the held date; a prior authorization gates it; a patient's "C" reply shows. */
class DepositAndAuthorizationIT extends SchedulingTestBase {

    @Test
    void aPaidDepositConfirmsTheHeldSurgeryOnceEvenWhenThePaymentIsAnnouncedTwice() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        define("lipo-" + run, "SURGERY", 120, 0, 0);
        String id = hold(run, "lipo-" + run, "dr-dep-" + run);
        DepositPaid paid = new DepositPaid("dep-" + run, "q-" + run, "pat-" + run, "aurora-miami", id, Instant.now(), new BigDecimal("1500.00"), "USD");
        send(paid);
        send(paid);
        await().atMost(Duration.ofSeconds(30)).until(() -> "BOOKED".equals(status(id)));
        var events = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> id.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("booked")));
        assertThat(events.stream().filter(r -> id.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("appointment.booked")).count())
                .isEqualTo(1);
        // and the confirmation says why, once
        var confirmed = TopicProbe.of(TestInfrastructure.get()).readUntil(Topics.SCHEDULING_APPOINTMENT, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> id.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("appointment.confirmed")))
                .stream().filter(r -> id.equals(r.key()) && TopicProbe.header(r, "ce_type").orElse("").contains("appointment.confirmed")).toList();
        assertThat(confirmed).hasSize(1);
        assertThat(new String(confirmed.getFirst().value(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"cause\":\"DEPOSIT_PAID\"");
    }

    @Test
    void aSurgeryThatNeedsPriorAuthorizationIsConfirmedOnlyWithAnApprovalCoveringItsDate() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(api().put("/api/scheduling/v1/appointment-types/recon-" + run, """
                {"name":"Breast reconstruction","category":"SURGERY","durationMinutes":180,"setupMinutes":0,"turnoverMinutes":0,
                 "requiresPriorAuthorization":true}""").token(coordinator).send().status()).isEqualTo(200);
        String id = hold(run, "recon-" + run, "dr-pa-" + run);
        ApiClient.Answer refused = api().post("/api/scheduling/v1/appointments/" + id + "/confirmation", "{}").token(coordinator).send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("prior-authorization-missing");

        LocalDate day = LocalDate.ofInstant(Instant.parse(api().get("/api/scheduling/v1/appointments/" + id).token(coordinator).send()
                .json().get("start").asString()), ZoneOffset.UTC);
        send(new PriorAuthorizationDecided("pa-" + run, "pat-" + run, "aurora-miami", id, "APPROVED", day.minusDays(10), day.plusDays(10), Instant.now()));
        send(new DepositPaid("dep-" + run, "q-" + run, "pat-" + run, "aurora-miami", id, Instant.now(), new BigDecimal("1500.00"), "USD"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "BOOKED".equals(status(id)));
    }

    @Test
    void aPatientsConfirmingReplyIsShownOnTheAppointmentOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        define("consult-" + run, "CONSULTATION", 60, 0, 0);
        registered("aurora-miami", List.of("dr-c-" + run), List.of());
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(41)).plus(Duration.ofHours(15));
        ApiClient.Answer booked = api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"pat-" + run + "\",\"locationId\":"
                + "\"aurora-miami\",\"appointmentTypeId\":\"consult-" + run + "\",\"providerIds\":[\"dr-c-" + run + "\"],\"start\":\""
                + start + "\"}").token(coordinator).send();
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String id = booked.json().get("id").asString();
        assertThat(booked.json().get("patientConfirmedAt").isNull()).isTrue();
        Instant replied = Instant.parse("2026-12-01T15:04:05Z");
        // another patient's reply naming this appointment changes nothing; the patient's own, answered twice (same message,
        // so in order on one partition), counts once: the first
        send(new health.liaison.platform.events.notifications.PatientConfirmed("m0-" + run, "someone-else", "aurora-miami", id,
                replied.minusSeconds(60)), "/liaison/notification-service");
        send(new health.liaison.platform.events.notifications.PatientConfirmed("m1-" + run, "pat-" + run, "aurora-miami", id, replied),
                "/liaison/notification-service");
        send(new health.liaison.platform.events.notifications.PatientConfirmed("m1-" + run, "pat-" + run, "aurora-miami", id,
                replied.plusSeconds(3600)), "/liaison/notification-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var confirmed = api().get("/api/scheduling/v1/appointments/" + id).token(coordinator).send().json().get("patientConfirmedAt");
            return confirmed != null && !confirmed.isNull();
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> Instant.parse(api().get("/api/scheduling/v1/appointments/"
                + id).token(coordinator).send().json().get("patientConfirmedAt").asString()).equals(replied));
    }

    private String hold(String run, String type, String surgeon) {
        registered("aurora-miami", List.of(surgeon), List.of());
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(40)).plus(Duration.ofHours(14));
        ApiClient.Answer held = api().post("/api/scheduling/v1/appointments", "{\"patientId\":\"pat-" + run + "\",\"locationId\":\"aurora-miami\","
                + "\"appointmentTypeId\":\"" + type + "\",\"providerIds\":[\"" + surgeon + "\"],\"start\":\"" + start + "\",\"holdMinutes\":10080}")
                .token(coordinator).send();
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.json().get("status").asString()).isEqualTo("HELD");
        return held.json().get("id").asString();
    }

    private String status(String id) {
        return api().get("/api/scheduling/v1/appointments/" + id).token(coordinator).send().json().get("status").asString();
    }

    private static void send(health.liaison.platform.events.DomainEvent event) {
        send(event, "/liaison/billing-service");
    }

    private static void send(health.liaison.platform.events.DomainEvent event, String source) {
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of(source, "aurora", "aurora-miami", event));
    }
}
