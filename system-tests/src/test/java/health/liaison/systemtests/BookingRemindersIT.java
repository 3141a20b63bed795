package health.liaison.systemtests;

import health.liaison.notifications.NotificationsApplication;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.scheduling.SchedulingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Booking in scheduling → AppointmentBooked on Kafka → the notification service plans the confirmation and the
 * reminders; cancelling cancels them. Also measures booked → reminders scheduled.
 */
@RealInfrastructure
class BookingRemindersIT {

    static RunningService scheduling;
    static RunningService notifications;
    static final String coordinator = TestIdentity.coordinator("aurora", "aurora-miami");

    @BeforeAll
    static void start() {
        Infrastructure infrastructure = TestInfrastructure.get();
        String run = UUID.randomUUID().toString().substring(0, 6);
        scheduling = RunningService.start(SchedulingApplication.class, "scheduling-service", "br_scheduling_" + run, infrastructure);
        notifications = RunningService.start(NotificationsApplication.class, "notification-service", "br_notifications_" + run,
                infrastructure, "--spring.kafka.consumer.group-id=br-" + run);
        ApiClient.Answer type = scheduling.api().put("/api/scheduling/v1/appointment-types/consultation", """
                {"name":"Consultation","category":"CONSULTATION","durationMinutes":60,"setupMinutes":0,"turnoverMinutes":15}""")
                .token(coordinator).send();
        assertThat(type.status()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(scheduling.api().put("/api/scheduling/v1/resources/dr-" + i, "{\"kind\":\"PROVIDER\",\"role\":\"SURGEON\","
                    + "\"name\":\"Dr " + i + "\",\"locationIds\":[\"aurora-miami\"]}").token(coordinator).send().status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        notifications.close();
        scheduling.close();
    }

    @Test
    void aBookedAppointmentGetsItsRemindersAndACancelledOneLosesThem() {
        List<Long> latenciesMillis = new ArrayList<>();
        String lastAppointment = null;
        String lastPatient = null;
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(20, ChronoUnit.DAYS).plus(Duration.ofHours(14));
        for (int i = 0; i < 20; i++) {
            String patient = "pat-" + UUID.randomUUID();
            ApiClient.Answer booked = scheduling.api().post("/api/scheduling/v1/appointments", """
                    {"patientId":"%s","locationId":"aurora-miami","appointmentTypeId":"consultation","providerIds":["dr-%d"],"start":"%s"}"""
                    .formatted(patient, i, day)).token(coordinator).send();
            assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
            long committed = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> reminders(patient).size() >= 3);
            latenciesMillis.add((System.nanoTime() - committed) / 1_000_000);
            lastAppointment = booked.json().get("id").asString();
            lastPatient = patient;
        }
        Collections.sort(latenciesMillis);
        System.out.printf("[booked -> reminders scheduled] p50 %d ms, p95 %d ms, max %d ms over %d bookings%n",
                latenciesMillis.get(latenciesMillis.size() / 2), latenciesMillis.get((int) (latenciesMillis.size() * 0.95) - 1),
                latenciesMillis.getLast(), latenciesMillis.size());

        List<JsonNode> planned = reminders(lastPatient);
        String appointment = lastAppointment;
        assertThat(planned).allSatisfy(m -> assertThat(m.get("appointmentId").asString()).isEqualTo(appointment));
        assertThat(planned).extracting(m -> Instant.parse(m.get("dueAt").asString())).allSatisfy(due -> assertThat(due).isBefore(day));

        assertThat(scheduling.api().post("/api/scheduling/v1/appointments/" + lastAppointment + "/cancellation",
                "{\"reasonCode\":\"PATIENT_REQUEST\"}").token(coordinator).send().status()).isEqualTo(200);
        String patient = lastPatient;
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(patient).stream()
                .allMatch(m -> m.get("status").asString().equals("CANCELLED")));
    }

    private static List<JsonNode> reminders(String patientId) {
        ApiClient.Answer answer = notifications.api().get("/api/notifications/v1/patients/" + patientId + "/messages?size=200").token(coordinator).send();
        List<JsonNode> reminders = new ArrayList<>();
        if (answer.status() == 200) {
            answer.json().get("items").forEach(m -> {
                if (m.get("kind").asString().equals("REMINDER")) {
                    reminders.add(m);
                }
            });
        }
        return reminders;
    }
}
