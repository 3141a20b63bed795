package health.liaison.notifications.reminders;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.SchedulingEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.records.PatientRegistered;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Booking confirmations and reminders by email, driven by scheduling's events, through a real SMTP server: what the
 * patient receives (recipient, sender, subject, text, language), reminders of a moved appointment, quiet hours.
 */
class EmailRemindersIT extends ServiceUnderTest {

    @Test
    void aBookedPatientReceivesTheConfirmationInTheirLanguageFromTheClinicsAddress() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Lucía", email, null, "es");
        Instant start = nextMiami(10, LocalTime.of(14, 30));

        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        MimeMessage mail = TestProviders.mailTo(email).getFirst();
        ZonedDateTime local = start.atZone(MIAMI);
        String date = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", Locale.forLanguageTag("es")).format(local);
        assertThat(mail.getSubject()).isEqualTo("Su cita en Aurora Miami está reservada");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("miami@aurora-aesthetics.example");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(email);
        assertThat(mail.getHeader("Content-Language")).containsExactly("es");
        assertThat(mail.getContent().toString().replace("\r\n", "\n").strip()).isEqualTo("""
                Hola Lucía:

                Su cita en Aurora Miami está reservada para el %s a las 14:30.
                Para cambiarla, llámenos al +1 305 555 0100.

                Aurora Miami""".formatted(date));

        // the SMS twin is suppressed: records has no phone for this patient
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(patient,
                "confirm-" + appointment + "-" + start.getEpochSecond() + "-SMS").equals("SUPPRESSED"));
        // the reminders wait for their time: 7 days, 48 hours and 2 hours before
        assertThat(messagesOf(patient)).filteredOn(m -> m.get("kind").asString().equals("REMINDER"))
                .extracting(m -> m.get("dueAt").asString())
                .contains(start.minus(Duration.ofDays(7)).toString(), start.minus(Duration.ofHours(48)).toString(),
                        start.minus(Duration.ofHours(2)).toString());
    }

    @Test
    void aRescheduledAppointmentsOldRemindersAreNeverSent() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        Instant first = nextMiami(10, LocalTime.of(11, 0));
        Instant moved = nextMiami(20, LocalTime.of(11, 0));

        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", first);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        SchedulingEvents.rescheduled("aurora", appointment, patient, "aurora-miami", "consultation", first, moved);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 2);
        String oldReminder = "rem-" + appointment + "-" + first.getEpochSecond() + "-PT48H-EMAIL";
        assertThat(statusOf(patient, oldReminder)).isEqualTo("CANCELLED");

        // every old reminder time passes; only the new appointment's 7-day reminder (due later) exists
        CLOCK.advanceTo(first.plus(Duration.ofHours(1)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> TestProviders.mailTo(email).size() == 2);
        assertThat(messagesOf(patient)).filteredOn(m -> m.get("id").asString().contains("-" + first.getEpochSecond() + "-"))
                .filteredOn(m -> m.get("kind").asString().equals("REMINDER"))
                .extracting(m -> m.get("status").asString()).hasSize(6).containsOnly("CANCELLED");

        // the new ones do go, at their own time
        Instant newSevenDay = moved.minus(Duration.ofDays(7));
        CLOCK.advanceTo(newSevenDay.plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 3);
        assertThat(TestProviders.mailTo(email).get(2).getSubject()).startsWith("Reminder: your appointment at Aurora Miami");
        assertThat(statusOf(patient, "rem-" + appointment + "-" + moved.getEpochSecond() + "-" + Duration.ofDays(7) + "-EMAIL")).isEqualTo("SENT");
    }

    @Test
    void aCancelledAppointmentsRemindersAreCancelled() {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        Instant start = nextMiami(10, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);

        SchedulingEvents.cancelled("aurora", appointment, patient, "aurora-miami", "consultation", start);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesOf(patient).stream()
                .filter(m -> m.get("kind").asString().equals("REMINDER"))
                .allMatch(m -> m.get("status").asString().equals("CANCELLED")));
        CLOCK.advanceTo(start.minus(Duration.ofHours(1)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TestProviders.mailTo(email).size() == 1);
    }

    @Test
    void whatThePracticeMarksUrgentGoesInsideQuietHoursAndTheRestWaits() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        CLOCK.advanceTo(nextMiami(1, LocalTime.of(2, 0)));

        SchedulingEvents.publish("aurora", "aurora-miami", new PatientRegistered(patient, "aurora-miami", CLOCK.instant()));
        Instant start = nextMiami(3, LocalTime.of(11, 0));
        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "consultation", start);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);
        assertThat(TestProviders.mailTo(email).getFirst().getSubject()).isEqualTo("Welcome to Aurora Miami");
        assertThat(Instant.parse(message(patient, "welcome-" + patient).get("sentAt").asString()).atZone(MIAMI).getHour()).isEqualTo(2);
        String confirmation = "confirm-" + appointment + "-" + start.getEpochSecond() + "-EMAIL";
        Instant eightAm = CLOCK.instant().atZone(MIAMI).withHour(8).withMinute(0).withSecond(0).withNano(0).toInstant();
        await().atMost(Duration.ofSeconds(10)).until(() -> message(patient, confirmation).get("dueAt").asString().equals(eightAm.toString()));
        assertThat(TestProviders.mailTo(email)).hasSize(1);
    }

    @Test
    void aReminderDueAtTwoInTheMorningClinicTimeGoesWhenQuietHoursEnd() throws Exception {
        goToNextMorning();
        String patient = unique("pat"), appointment = unique("apt"), email = patient + "@example.com";
        TestProviders.patientInRecords(patient, "Ana", email, null, "en");
        // the "overnight-check" type is reminded 7 hours before: 09:00 → 02:00 Miami time
        Instant start = nextMiami(1, LocalTime.of(9, 0));
        Instant twoAm = start.minus(Duration.ofHours(7));
        assertThat(twoAm.atZone(MIAMI).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
        String reminder = "rem-" + appointment + "-" + start.getEpochSecond() + "-PT7H-EMAIL";

        SchedulingEvents.booked("aurora", appointment, patient, "aurora-miami", "overnight-check", start);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestProviders.mailTo(email).size() == 1);

        CLOCK.advanceTo(twoAm);
        Instant eightAm = start.atZone(MIAMI).withHour(8).toInstant();
        await().atMost(Duration.ofSeconds(10)).until(() -> message(patient, reminder).get("dueAt").asString().equals(eightAm.toString()));
        CLOCK.advanceTo(eightAm.minusSeconds(30));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> TestProviders.mailTo(email).size() == 1);

        CLOCK.advanceTo(eightAm);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestProviders.mailTo(email).size() == 2);
        JsonNode sent = message(patient, reminder);
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        Instant sentAt = Instant.parse(sent.get("sentAt").asString());
        assertThat(sentAt).isBetween(eightAm, eightAm.plusSeconds(30));
        assertThat(sentAt.atZone(MIAMI).getHour()).isEqualTo(8);
        assertThat(TestProviders.mailTo(email).get(1).getSubject()).startsWith("Reminder: your appointment at Aurora Miami on ");
    }
}
