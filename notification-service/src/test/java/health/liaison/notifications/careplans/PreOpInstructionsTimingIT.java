package health.liaison.notifications.careplans;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.records.CarePlanIssued;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pre-op instructions wait until 7 days before the surgery, follow a moved surgery, and go once. */
class PreOpInstructionsTimingIT extends ServiceUnderTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void preOpInstructionsOfAKnownSurgeryGoSevenDaysBeforeItAndOnlyOnce() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), plan = unique("cp"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        TestProviders.carePlanInRecords(patient, plan, "Before your surgery", "Nothing to eat after midnight.");
        Instant start = nextMiami(12, LocalTime.of(11, 0));
        surgeryBooked(surgery, patient, start);

        CarePlanIssued issued = new CarePlanIssued(plan, patient, "aurora-miami", surgery, "PRE_OP", Instant.now());
        SchedulingEvents.publish("aurora", "aurora-miami", issued);
        SchedulingEvents.publish("aurora", "aurora-miami", issued); // a redelivery under another event id

        String id = "careplan-" + plan + "-EMAIL";
        Instant due = start.minus(Duration.ofDays(7));
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("QUEUED"));
        assertThat(message(patient, id).get("dueAt").asString()).isEqualTo(due.toString());
        assertThat(message(patient, id).get("kind").asString()).isEqualTo("PRE_OP_INSTRUCTIONS");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> instructionsTo(email).isEmpty());

        CLOCK.advanceTo(due.plus(Duration.ofMinutes(1))); // 11:01 in Miami, outside quiet hours
        await().atMost(Duration.ofSeconds(20)).until(() -> instructionsTo(email).size() == 1);
        MimeMessage mail = instructionsTo(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your instructions before surgery at Aurora Miami");
        assertThat(mail.getContent().toString()).contains("Nothing to eat after midnight.");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> instructionsTo(email).size() == 1);
        assertThat(messagesOf(patient)).filteredOn(m -> m.get("kind").asString().equals("PRE_OP_INSTRUCTIONS")).hasSize(1);
    }

    @Test
    void aRescheduledSurgeryMovesItsWaitingInstructionsAndDoesNotCancelThem() {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), plan = unique("cp"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        Instant start = nextMiami(20, LocalTime.of(11, 0));
        Instant moved = nextMiami(15, LocalTime.of(9, 30));
        surgeryBooked(surgery, patient, start);
        SchedulingEvents.publish("aurora", "aurora-miami",
                new CarePlanIssued(plan, patient, "aurora-miami", surgery, "PRE_OP", Instant.now()));
        String id = "careplan-" + plan + "-EMAIL";
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(patient, id).equals("QUEUED"));
        assertThat(message(patient, id).get("dueAt").asString()).isEqualTo(start.minus(Duration.ofDays(7)).toString());

        SchedulingEvents.publish("aurora", "aurora-miami", new AppointmentRescheduled(surgery, patient, "aurora-miami",
                "rhinoplasty", "SURGERY", List.of("prov-1"), List.of("or-1"), start, moved, moved.plus(Duration.ofHours(3))));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                message(patient, id).get("dueAt").asString().equals(moved.minus(Duration.ofDays(7)).toString()));
        // the reminders of the old time are cancelled; the instructions wait for their new time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> statusOf(patient, id).equals("QUEUED"));
    }

    @Test
    void instructionsForASurgeryCloserThanSevenDaysGoAtOnce() {
        goToNextMorning();
        String patient = unique("pat"), surgery = unique("apt"), plan = unique("cp"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        TestProviders.carePlanInRecords(patient, plan, "Before your surgery", "Shower with the soap we gave you.");
        surgeryBooked(surgery, patient, nextMiami(3, LocalTime.of(11, 0)));

        SchedulingEvents.publish("aurora", "aurora-miami",
                new CarePlanIssued(plan, patient, "aurora-miami", surgery, "PRE_OP", Instant.now()));

        await().atMost(Duration.ofSeconds(20)).until(() -> instructionsTo(email).size() == 1);
    }

    /** The instructions emails the patient received (the booking also sends a confirmation and reminders). */
    private static List<MimeMessage> instructionsTo(String email) {
        return TestProviders.mailTo(email).stream().filter(m -> {
            try {
                return m.getSubject().equals("Your instructions before surgery at Aurora Miami");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Books a surgery and waits until this service knows its start. */
    private void surgeryBooked(String surgery, String patient, Instant start) {
        Instant now = CLOCK.instant();
        SchedulingEvents.publish("aurora", "aurora-miami", new AppointmentBooked(surgery, patient, "aurora-miami",
                "rhinoplasty", "SURGERY", List.of("prov-1"), List.of("or-1"), start, start.plus(Duration.ofHours(3))));
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(surgery)
                .and("start").is(Date.from(start))), "appointment_starts"));
        assertThat(now).isBefore(start);
    }
}
