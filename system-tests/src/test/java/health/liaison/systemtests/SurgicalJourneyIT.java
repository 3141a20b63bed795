package health.liaison.systemtests;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import health.liaison.billing.BillingApplication;
import health.liaison.inventory.InventoryApplication;
import health.liaison.localstack.demo.DemoData;
import health.liaison.notifications.NotificationsApplication;
import health.liaison.platform.events.Topics;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.RecordsApplication;
import health.liaison.scheduling.SchedulingApplication;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The surgical journey as a coordinator lives it, through the gateway with tokens from the real authorization
 * server and every service running on its own (its own database, consumer groups and port), all of them talking only
 * through Kafka: consultation booked, reminded and completed; quote issued and accepted; surgery date held; deposit
 * invoiced and paid; hold confirmed; kit reserved (first expiry first); consents, checklist and photos; pre-op
 * instructions e-mailed (a real SMTP server); surgery checked in and completed; implants linked to the case; balance
 * invoiced; follow-up series booked and reminded. Then the cancellation and the reschedule paths, and a replay of every
 * event of the journeys that must change nothing. The demo data the run command seeds is what the journey uses.
 */
@RealInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SurgicalJourneyIT {

    static Infrastructure infrastructure;
    static ExternalProcess identity;
    static ExternalProcess gateway;
    static GreenMail mailbox;
    static String run;
    static String issuer;
    static final Map<String, RunningService> services = new LinkedHashMap<>();
    static final Map<String, Integer> ports = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();
    /** Every aggregate id the journeys touched, so their events can be found (and replayed) on the topics. */
    static final Set<String> journeyKeys = Collections.synchronizedSet(new HashSet<>());
    static final Set<String> journeyPatients = Collections.synchronizedSet(new HashSet<>());
    static final List<Long> depositToConfirmed = new CopyOnWriteArrayList<>();
    static final List<Long> bookedToReminders = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startThePlatform() throws Exception {
        infrastructure = TestInfrastructure.get();
        run = UUID.randomUUID().toString().substring(0, 6);
        int identityPort = ExternalProcess.freePort();
        issuer = "http://127.0.0.1:" + identityPort;
        identity = ExternalProcess.start("local-stack", identityPort,
                Map.of("LIAISON_LOCAL_STACK_MODE", "identity-only", "LIAISON_ISSUER", issuer));
        mailbox = new GreenMail(new ServerSetup(ExternalProcess.freePort(), "127.0.0.1", "smtp"));
        mailbox.start();
        for (String area : List.of("scheduling", "records", "billing", "inventory", "notifications")) {
            ports.put(area, ExternalProcess.freePort());
            start(area);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "LIAISON_OIDC_ISSUER_URI", issuer,
                "LIAISON_OIDC_JWK_SET_URI", issuer + "/oauth2/jwks",
                "LIAISON_GATEWAY_MONGODB_URI", infrastructure.mongoConnectionString()));
        ports.forEach((area, port) -> env.put("LIAISON_ROUTES_" + area.toUpperCase() + "_URI", "http://127.0.0.1:" + port));
        gateway = ExternalProcess.start("gateway", ExternalProcess.freePort(), env,
                "--spring.mongodb.database=journey_gateway_" + run, "--liaison.rate-limit.per-user=100000",
                "--liaison.rate-limit.per-tenant=1000000", "--liaison.resilience.wait-in-open-state=1s");
        for (String role : List.of("coordinator", "provider", "nurse", "billing", "inventory", "admin")) {
            tokens.put(role, token(role + "@aurora"));
        }
        tokens.put("belmont", token("coordinator@belmont"));
        int calls = new DemoData(gateway.url(), issuer + "/oauth2/token", line -> System.out.println("[demo] " + line)).seed();
        assertThat(calls).isGreaterThan(50);
        // seeding again changes nothing (the run command seeds on every start)
        new DemoData(gateway.url(), issuer + "/oauth2/token", line -> { }).seed();
        assertThat(stockOf(DemoData.MIAMI, DemoData.SUTURE)).isEqualTo(72);
    }

    static void start(String area) {
        String database = "journey_" + area + "_" + run;
        List<String> args = new ArrayList<>(List.of("--server.port=" + ports.get(area),
                "--spring.kafka.consumer.group-id=journey-" + area + "-" + run));
        Class<?> application = switch (area) {
            case "scheduling" -> {
                args.add("--liaison.scheduling.hold-sweep-interval=500ms");
                yield SchedulingApplication.class;
            }
            case "records" -> RecordsApplication.class;
            case "billing" -> {
                args.add("--liaison.billing.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-journey-keys");
                yield BillingApplication.class;
            }
            case "inventory" -> InventoryApplication.class;
            case "notifications" -> {
                args.add("--liaison.notifications.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-journey-keys");
                args.addAll(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + mailbox.getSmtp().getPort(),
                        "--liaison.records.base-url=http://127.0.0.1:" + ports.get("records"),
                        // its own token per practice group from the authorization server (client credentials)
                        "--liaison.records.token-uri=" + issuer + "/oauth2/token", "--liaison.records.token=",
                        "--liaison.notifications.delivery.poll-interval=200ms",
                        "--liaison.notifications.quiet-hours.start=00:00", "--liaison.notifications.quiet-hours.end=00:00",
                        "--liaison.notifications.frequency-cap.limit=1000",
                        // pre-op instructions go this long before the surgery: the journey's surgery is 45 (later 75)
                        // days away and its checklist needs them sent now
                        "--liaison.notifications.pre-op.instructions-before=P90D"));
                yield NotificationsApplication.class;
            }
            default -> throw new IllegalArgumentException(area);
        };
        String name = area.equals("records") ? "patient-records-service" : area.equals("notifications") ? "notification-service"
                : area + "-service";
        services.put(area, RunningService.startTrusting(application, name, database, infrastructure, issuer, issuer + "/oauth2/jwks",
                args.toArray(String[]::new)));
    }

    @AfterAll
    static void stopThePlatform() {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(gateway);
        all.addAll(services.values());
        all.add(identity);
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        if (mailbox != null) {
            mailbox.stop();
        }
        report("deposit paid -> hold confirmed", depositToConfirmed);
        report("booked -> reminders scheduled", bookedToReminders);
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void fromFirstConsultationToTheLastFollowUpWithInventoryRestartedMidway() throws Exception {
        String patient = registerPatient("Ines", "Duarte");

        // consultation booked -> confirmation and reminders scheduled
        Instant consultStart = firstSlot(DemoData.CONSULTATION, DemoData.MIAMI, List.of(DemoData.SURGEON_MIAMI),
                List.of(DemoData.CONSULT_MIAMI), LocalDate.now(ZoneOffset.UTC).plusDays(10));
        JsonNode consultation = book(patient, DemoData.CONSULTATION, List.of(DemoData.SURGEON_MIAMI), List.of(DemoData.CONSULT_MIAMI),
                consultStart, null);
        String consultationId = consultation.get("id").asString();
        awaitReminders(patient, consultationId, 3);
        awaitMail("ines.duarte." + run + "@example.com", 1);

        // the consultation takes place
        for (String step : List.of("check-in", "roomed", "with-provider", "check-out")) {
            ApiClient.Answer flow = edge().post("/api/scheduling/v1/appointments/" + consultationId + "/" + step, "{}")
                    .token(tokens.get("coordinator")).send();
            assertThat(flow.status()).as(step + ": " + flow).isEqualTo(200);
        }
        assertThat(appointment(consultationId).get("status").asString()).isEqualTo("COMPLETED");

        // quote issued, surgery date held, quote accepted with it -> deposit invoice
        JsonNode quote = issueQuote(patient);
        assertThat(quote.get("total").decimalValue()).isEqualByComparingTo("12210.00");
        String surgery = holdSurgery(patient, LocalDate.now(ZoneOffset.UTC).plusDays(45));
        JsonNode deposit = acceptQuote(quote.get("id").asString(), surgery);
        assertThat(deposit.get("total").decimalValue()).isEqualByComparingTo("2442.00");
        assertThat(boardCase(surgery).get("blockers").toString()).contains("DEPOSIT_NOT_PAID");

        // the inventory service goes down before the deposit is paid; the confirmation it must react to waits on Kafka
        services.remove("inventory").close();
        payDeposit(deposit.get("id").asString(), surgery, "2442.00");
        start("inventory");
        JsonNode kit = await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/inventory/v1/cases/" + surgery)
                .token(tokens.get("inventory")).send(), a -> a.status() == 200 && a.json().get("status").asString().equals("RESERVED")).json();
        assertThat(kit.get("allocations").findValuesAsString("lot")).contains("ETH-A24M").doesNotContain("ETH-B25M");
        assertThat(stockOf(DemoData.MIAMI, DemoData.IMPLANT)).isEqualTo(4);
        awaitReminders(patient, surgery, 3);

        // consents, checklist, photos and the pre-op instructions -> cleared for surgery
        sign(patient, DemoData.BREAST_AUGMENTATION);
        sign(patient, "photography");
        assertThat(uploadPhoto(patient)).isEqualTo(201);
        for (String item : List.of("HISTORY_AND_PHYSICAL", "LABS")) {
            assertThat(edge().post("/api/records/v1/surgeries/" + surgery + "/checklist/" + item, "{}").token(tokens.get("nurse")).send()
                    .status()).isEqualTo(200);
        }
        assertThat(edge().post("/api/records/v1/surgeries/" + surgery + "/checklist/MEDICAL_CLEARANCE", "{\"note\":\"ASA I\"}")
                .token(tokens.get("provider")).send().status()).isEqualTo(200);
        ApiClient.Answer instructions = edge().post("/api/records/v1/patients/" + patient + "/care-plans",
                "{\"appointmentId\":\"" + surgery + "\",\"kind\":\"PRE_OP\"}").token(tokens.get("nurse"))
                .header("Idempotency-Key", "pre-op-" + surgery).send();
        assertThat(instructions.status()).as(instructions.toString()).isEqualTo(201);
        MimeMessage preOp = awaitMail("ines.duarte." + run + "@example.com", m -> text(m).contains("Stop aspirin"));
        assertThat(preOp.getAllRecipients()[0].toString()).contains("ines.duarte." + run);
        JsonNode checklist = await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/records/v1/surgeries/" + surgery
                + "/checklist").token(tokens.get("nurse")).send().json(), c -> c.get("cleared").asBoolean());
        assertThat(checklist.get("outstanding").size()).isZero();
        JsonNode ready = await().atMost(Duration.ofSeconds(60)).until(() -> boardCase(surgery), c -> c.get("blockers").isEmpty());
        assertThat(ready.get("nextAction").asString()).isEqualTo("Ready for surgery");
        assertThat(board(DemoData.MIAMI)).contains(surgery);

        // surgery day: the nurse records the implants used, the case is completed
        List<String> serials = kit.get("allocations").findValuesAsString("serial").stream().filter(s -> s != null && !s.isBlank()).toList();
        assertThat(serials).hasSize(2);
        ApiClient.Answer usage = edge().post("/api/inventory/v1/cases/" + surgery + "/usage", """
                {"items":[{"sku":"%s","serial":"%s","quantity":1},{"sku":"%s","serial":"%s","quantity":1},
                          {"sku":"%s","quantity":5},{"sku":"%s","quantity":1},{"sku":"%s","quantity":1}]}"""
                .formatted(DemoData.IMPLANT, serials.get(0), DemoData.IMPLANT, serials.get(1), DemoData.SUTURE, DemoData.DRAPES,
                        DemoData.GARMENT)).token(tokens.get("nurse")).send();
        assertThat(usage.status()).as(usage.toString()).isIn(200, 201);
        for (String step : List.of("check-in", "roomed", "with-provider", "check-out")) {
            assertThat(edge().post("/api/scheduling/v1/appointments/" + surgery + "/" + step, "{}").token(tokens.get("coordinator"))
                    .send().status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/inventory/v1/cases/" + surgery).token(tokens.get("inventory"))
                .send().json().get("status").asString().equals("CONSUMED"));
        JsonNode affected = edge().get("/api/inventory/v1/recalls/affected-cases?manufacturer=Mentor&sku=" + DemoData.IMPLANT
                + "&serialFrom=" + serials.get(0) + "&serialTo=" + serials.get(0)).token(tokens.get("inventory")).send().json();
        assertThat(affected.findValuesAsString("appointmentId")).containsExactly(surgery);
        assertThat(affected.findValuesAsString("patientId")).containsExactly(patient);

        // balance invoiced once: quote total less the deposit
        JsonNode balance = await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/billing/v1/invoices/bal-" + surgery)
                .token(tokens.get("billing")).send(), a -> a.status() == 200).json();
        assertThat(balance.get("total").decimalValue()).isEqualByComparingTo("9768.00");

        // the post-op follow-ups are booked at once and reminded
        JsonNode series = edge().post("/api/scheduling/v1/appointments/" + surgery + "/follow-ups", "{}").token(tokens.get("coordinator"))
                .send().json();
        assertThat(series.get("booked").size()).as(series.toString()).isEqualTo(5);
        String firstFollowUp = series.get("booked").get(0).get("id").asString();
        journeyKeys.add(firstFollowUp);
        awaitReminders(patient, firstFollowUp, 1);
        assertThat(boardCase(surgery).get("nextAction").asString()).isEqualTo("Book the post-op follow-ups");

        // side effects happened once each, although inventory was down and came back
        assertThat(eventsOf(Topics.BILLING_INVOICE, deposit.get("id").asString(), "deposit.paid")).isEqualTo(1);
        assertThat(eventsOf(Topics.INVENTORY_STOCK, surgery, "kit.reserved")).isEqualTo(1);
        assertThat(eventsOf(Topics.SCHEDULING_APPOINTMENT, surgery, "appointment.booked")).isEqualTo(1);
        // one set of reminders (7 d, 48 h, 2 h) per channel the practice sends on
        assertThat(emailReminders(patient, surgery)).hasSize(3);
        assertThat(edge().get("/api/billing/v1/invoices/" + deposit.get("id").asString()).token(tokens.get("billing")).send().json()
                .get("payments").size()).isEqualTo(1);

        // another practice group sees none of it
        assertThat(edge().get("/api/scheduling/v1/surgery-cases/" + surgery).token(tokens.get("belmont")).send().status()).isEqualTo(404);
        assertThat(edge().get("/api/inventory/v1/cases/" + surgery).token(tokens.get("belmont")).send().status()).isEqualTo(404);
        assertThat(edge().get("/api/billing/v1/invoices/bal-" + surgery).token(tokens.get("belmont")).send().status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aCancelledSurgeryReleasesItsKitAppliesThePolicyAndCancelsItsReminders() {
        int implantsBefore = stockOf(DemoData.MIAMI, DemoData.IMPLANT);
        ConfirmedSurgery confirmed = confirmedSurgery("Lara", "Mendes", 52);
        String patient = confirmed.patient();
        String surgery = confirmed.surgery();
        JsonNode deposit = confirmed.deposit();
        assertThat(stockOf(DemoData.MIAMI, DemoData.IMPLANT)).isEqualTo(implantsBefore - 2);

        ApiClient.Answer cancelled = edge().post("/api/scheduling/v1/appointments/" + surgery + "/cancellation",
                "{\"reasonCode\":\"PATIENT_REQUEST\"}").token(tokens.get("coordinator")).send();
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> kitStatus(surgery).equals("RELEASED"));
        assertThat(stockOf(DemoData.MIAMI, DemoData.IMPLANT)).isEqualTo(implantsBefore);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(patient).stream()
                .filter(m -> surgery.equals(text(m, "appointmentId")) && text(m, "kind").equals("REMINDER"))
                .allMatch(m -> text(m, "status").equals("CANCELLED")));
        // cancelled 52 days ahead: the policy (100 % refundable from 30 days) is recorded on the deposit
        JsonNode policy = await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/billing/v1/invoices/" + deposit.get("id")
                .asString()).token(tokens.get("billing")).send().json().get("cancellation"), c -> c != null && !c.isNull());
        assertThat(policy.toString()).contains("2442");
        assertThat(boardCase(surgery).get("surgery").get("status").asString()).isEqualTo("CANCELLED");
        // the freed slot can be booked again at once
        assertThat(edge().get("/api/scheduling/v1/appointments/" + surgery).token(tokens.get("coordinator")).send().json()
                .get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(3)
    void aRescheduledSurgeryKeepsItsKitAndMovesItsReminders() {
        ConfirmedSurgery confirmed = confirmedSurgery("Rita", "Farias", 60);
        String patient = confirmed.patient();
        String surgery = confirmed.surgery();
        int implants = stockOf(DemoData.MIAMI, DemoData.IMPLANT);
        Instant previous = Instant.parse(appointment(surgery).get("start").asString());

        Instant later = firstSlot(DemoData.BREAST_AUGMENTATION, DemoData.MIAMI, List.of(DemoData.SURGEON_MIAMI, DemoData.ANESTHESIA_MIAMI),
                List.of(DemoData.OR_MIAMI), LocalDate.now(ZoneOffset.UTC).plusDays(75));
        ApiClient.Answer moved = edge().post("/api/scheduling/v1/appointments/" + surgery + "/reschedule", "{\"start\":\"" + later + "\"}")
                .token(tokens.get("coordinator")).send();
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        // the old reminders are replaced by ones before the new date
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> pending = emailReminders(patient, surgery).stream().filter(m -> text(m, "status").equals("QUEUED")).toList();
            return pending.size() == 3 && pending.stream().allMatch(m -> Instant.parse(text(m, "dueAt")).isAfter(previous));
        });
        // the kit stays reserved (still good on the new day), nothing taken twice
        await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/inventory/v1/cases/" + surgery).token(tokens.get("inventory"))
                .send().json().get("start").asString().equals(later.toString()));
        assertThat(kitStatus(surgery)).isEqualTo("RESERVED");
        assertThat(stockOf(DemoData.MIAMI, DemoData.IMPLANT)).isEqualTo(implants);
        await().atMost(Duration.ofSeconds(60)).until(() -> boardCase(surgery).get("surgery").get("start").asString().equals(later.toString()));
    }

    @Test
    @Order(4)
    void replayingEveryEventOfTheJourneysChangesNothing() throws Exception {
        Map<String, String> before = snapshot();
        List<ConsumerRecord<String, byte[]>> journeyEvents = new ArrayList<>();
        Map<String, Long> countsBefore = new HashMap<>();
        for (String topic : List.of(Topics.SCHEDULING_APPOINTMENT, Topics.BILLING_INVOICE, Topics.INVENTORY_STOCK, Topics.RECORDS_PATIENT,
                Topics.NOTIFICATIONS_MESSAGE)) {
            List<ConsumerRecord<String, byte[]>> all = everything(topic);
            all.stream().filter(SurgicalJourneyIT::ofTheJourneys).forEach(journeyEvents::add);
            countsBefore.put(topic, all.stream().filter(SurgicalJourneyIT::ofTheJourneys).count());
        }
        assertThat(journeyEvents).hasSizeGreaterThan(20);
        TopicProbe probe = TopicProbe.of(infrastructure);
        for (ConsumerRecord<String, byte[]> event : journeyEvents) {
            ProducerRecord<String, byte[]> again = new ProducerRecord<>(event.topic(), null, event.key(), event.value());
            for (Header header : event.headers()) {
                again.headers().add(header);
            }
            probe.send(again);
        }
        awaitNoLag("journey-");
        Map<String, String> after = snapshot();
        List<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k)))
                .map(k -> k + "\n  before: " + before.get(k) + "\n  after:  " + after.get(k)).toList();
        assertThat(changed).as("what the replay changed").isEmpty();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        // nothing new was published because of the replay: each topic holds the journeys' events twice, no more
        for (Map.Entry<String, Long> count : countsBefore.entrySet()) {
            assertThat(everything(count.getKey()).stream().filter(SurgicalJourneyIT::ofTheJourneys).count())
                    .as(count.getKey()).isEqualTo(count.getValue() * 2);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * An event of the journeys: keyed by one of their aggregates, or (notification messages, keyed by message id)
     * about one of their patients.
     */
    static boolean ofTheJourneys(ConsumerRecord<String, byte[]> event) {
        if (journeyKeys.contains(event.key())) {
            return true;
        }
        String data = new String(event.value(), StandardCharsets.UTF_8);
        return event.topic().equals(Topics.NOTIFICATIONS_MESSAGE) && journeyPatients.stream().anyMatch(data::contains);
    }

    static ApiClient edge() {
        return new ApiClient(gateway.url());
    }

    String registerPatient(String first, String last) {
        ApiClient.Answer created = edge().post("/api/records/v1/patients", """
                {"locationId":"%s","firstName":"%s","lastName":"%s","dateOfBirth":"1990-05-17","email":"%s",
                 "preferredLanguage":"en","preferredChannel":"EMAIL"}"""
                .formatted(DemoData.MIAMI, first, last, first.toLowerCase() + "." + last.toLowerCase() + "." + run + "@example.com"))
                .token(tokens.get("coordinator")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        journeyKeys.add(id);
        journeyPatients.add(id);
        return id;
    }

    record ConfirmedSurgery(String patient, String surgery, JsonNode deposit) {
    }

    /** A patient consulted, quoted, held, deposit paid: the surgery confirmed, its kit reserved and its reminders planned. */
    ConfirmedSurgery confirmedSurgery(String first, String last, int daysAhead) {
        String patient = registerPatient(first, last);
        completeConsultation(patient);
        JsonNode quote = issueQuote(patient);
        String surgery = holdSurgery(patient, LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead));
        JsonNode deposit = acceptQuote(quote.get("id").asString(), surgery);
        payDeposit(deposit.get("id").asString(), surgery, "2442.00");
        await().atMost(Duration.ofSeconds(60)).until(() -> kitStatus(surgery).equals("RESERVED"));
        awaitReminders(patient, surgery, 3);
        return new ConfirmedSurgery(patient, surgery, deposit);
    }

    void completeConsultation(String patient) {
        Instant start = firstSlot(DemoData.CONSULTATION, DemoData.MIAMI, List.of(DemoData.SURGEON_MIAMI), List.of(DemoData.CONSULT_MIAMI),
                LocalDate.now(ZoneOffset.UTC).plusDays(12));
        String id = book(patient, DemoData.CONSULTATION, List.of(DemoData.SURGEON_MIAMI), List.of(DemoData.CONSULT_MIAMI), start, null)
                .get("id").asString();
        for (String step : List.of("check-in", "roomed", "with-provider", "check-out")) {
            assertThat(edge().post("/api/scheduling/v1/appointments/" + id + "/" + step, "{}").token(tokens.get("coordinator")).send()
                    .status()).isEqualTo(200);
        }
    }

    JsonNode issueQuote(String patient) {
        ApiClient.Answer quote = edge().post("/api/billing/v1/quotes", """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","surgeonId":"%s","anesthesiaMinutes":180}"""
                .formatted(patient, DemoData.MIAMI, DemoData.BREAST_AUGMENTATION, DemoData.SURGEON_MIAMI)).token(tokens.get("coordinator")).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        journeyKeys.add(quote.json().get("id").asString());
        return quote.json();
    }

    String holdSurgery(String patient, LocalDate from) {
        Instant start = firstSlot(DemoData.BREAST_AUGMENTATION, DemoData.MIAMI, List.of(DemoData.SURGEON_MIAMI, DemoData.ANESTHESIA_MIAMI),
                List.of(DemoData.OR_MIAMI), from);
        JsonNode held = book(patient, DemoData.BREAST_AUGMENTATION, List.of(DemoData.SURGEON_MIAMI, DemoData.ANESTHESIA_MIAMI),
                List.of(DemoData.OR_MIAMI), start, 10080);
        assertThat(held.get("status").asString()).isEqualTo("HELD");
        return held.get("id").asString();
    }

    JsonNode acceptQuote(String quoteId, String surgery) {
        ApiClient.Answer accepted = edge().post("/api/billing/v1/quotes/" + quoteId + "/acceptance", "{\"appointmentId\":\"" + surgery + "\"}")
                .token(tokens.get("coordinator")).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        String invoiceId = accepted.json().get("depositInvoiceId").asString();
        journeyKeys.add(invoiceId);
        return edge().get("/api/billing/v1/invoices/" + invoiceId).token(tokens.get("billing")).send().json();
    }

    /** Pays the deposit (the same request sent twice with one Idempotency-Key) and measures paid -> hold confirmed. */
    void payDeposit(String invoiceId, String surgery, String amount) {
        String body = "{\"amount\":" + amount + ",\"currency\":\"USD\",\"tender\":\"CARD\",\"reference\":\"tok_visa_4242\"}";
        String key = "deposit-" + invoiceId;
        ApiClient.Answer paid = edge().post("/api/billing/v1/invoices/" + invoiceId + "/payments", body).token(tokens.get("billing"))
                .header("Idempotency-Key", key).send();
        long paidAt = System.nanoTime();
        assertThat(paid.status()).as(paid.toString()).isIn(200, 201);
        ApiClient.Answer retried = edge().post("/api/billing/v1/invoices/" + invoiceId + "/payments", body).token(tokens.get("billing"))
                .header("Idempotency-Key", key).send();
        assertThat(retried.status()).as(retried.toString()).isIn(200, 201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> appointment(surgery).get("status").asString().equals("BOOKED"));
        depositToConfirmed.add((System.nanoTime() - paidAt) / 1_000_000);
        JsonNode invoice = edge().get("/api/billing/v1/invoices/" + invoiceId).token(tokens.get("billing")).send().json();
        assertThat(invoice.get("payments").size()).isEqualTo(1);
        assertThat(invoice.get("balance").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    JsonNode book(String patient, String type, List<String> providers, List<String> rooms, Instant start, Integer holdMinutes) {
        ApiClient.Answer booked = edge().post("/api/scheduling/v1/appointments", """
                {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","providerIds":%s,"roomIds":%s,"start":"%s"%s}"""
                .formatted(patient, DemoData.MIAMI, type, array(providers), array(rooms), start,
                        holdMinutes == null ? "" : ",\"holdMinutes\":" + holdMinutes)).token(tokens.get("coordinator"))
                .header("Idempotency-Key", UUID.randomUUID().toString()).send();
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        journeyKeys.add(booked.json().get("id").asString());
        return booked.json();
    }

    Instant firstSlot(String type, String location, List<String> providers, List<String> rooms, LocalDate from) {
        ApiClient.Answer slots = edge().get("/api/scheduling/v1/availability?appointmentTypeId=" + type + "&locationId=" + location
                + "&providerIds=" + String.join(",", providers) + "&roomIds=" + String.join(",", rooms) + "&from=" + from
                + "&to=" + from.plusDays(14) + "&limit=5").token(tokens.get("coordinator")).send();
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        assertThat(slots.json().size()).as("free slots for " + type + " from " + from).isPositive();
        return Instant.parse(slots.json().get(0).get("start").asString());
    }

    void sign(String patient, String consentType) {
        JsonNode form = edge().get("/api/records/v1/consent-templates?consentType=" + consentType).token(tokens.get("coordinator")).send()
                .json().get(0);
        ApiClient.Answer signed = edge().post("/api/records/v1/patients/" + patient + "/consents", """
                {"templateId":"%s","textSha256":"%s","signerName":"The patient","signerRelationship":"SELF"}"""
                .formatted(form.get("id").asString(), form.get("textSha256").asString())).token(tokens.get("coordinator")).send();
        assertThat(signed.status()).as(signed.toString()).isEqualTo(201);
    }

    int uploadPhoto(String patient) throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        String boundary = "----journey" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"front.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(png.toByteArray());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url() + "/api/records/v1/patients/" + patient
                        + "/files?view=FRONT&procedure=" + DemoData.BREAST_AUGMENTATION + "&takenOn=" + LocalDate.now(ZoneOffset.UTC)))
                .header("Authorization", "Bearer " + tokens.get("nurse"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode appointment(String id) {
        return edge().get("/api/scheduling/v1/appointments/" + id).token(tokens.get("coordinator")).send().json();
    }

    JsonNode boardCase(String surgery) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> edge().get("/api/scheduling/v1/surgery-cases/" + surgery)
                .token(tokens.get("coordinator")).send(), a -> a.status() == 200).json();
    }

    String board(String location) {
        return edge().get("/api/scheduling/v1/surgery-cases?locationId=" + location).token(tokens.get("coordinator")).send().body();
    }

    String kitStatus(String surgery) {
        ApiClient.Answer kit = edge().get("/api/inventory/v1/cases/" + surgery).token(tokens.get("inventory")).send();
        return kit.status() == 200 ? kit.json().get("status").asString() : "UNKNOWN";
    }

    static int stockOf(String location, String sku) {
        JsonNode buckets = edge().get("/api/inventory/v1/stock?locationId=" + location + "&sku=" + sku).token(tokens.get("inventory")).send().json();
        int available = 0;
        for (JsonNode bucket : buckets) {
            available += bucket.get("available").asInt();
        }
        return available;
    }

    List<JsonNode> messages(String patient) {
        ApiClient.Answer answer = edge().get("/api/notifications/v1/patients/" + patient + "/messages?size=200").token(tokens.get("coordinator")).send();
        List<JsonNode> messages = new ArrayList<>();
        if (answer.status() == 200) {
            answer.json().get("items").forEach(messages::add);
        }
        return messages;
    }

    List<JsonNode> emailReminders(String patient, String appointmentId) {
        return messages(patient).stream().filter(m -> appointmentId.equals(text(m, "appointmentId")) && text(m, "kind").equals("REMINDER")
                && text(m, "channel").equals("EMAIL")).toList();
    }

    /** Waits until the appointment's reminders are planned and records how long that took after the booking. */
    void awaitReminders(String patient, String appointmentId, int count) {
        long since = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> emailReminders(patient, appointmentId).size() >= count);
        bookedToReminders.add((System.nanoTime() - since) / 1_000_000);
    }

    MimeMessage awaitMail(String to, int atLeast) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> received(to), list -> list.size() >= atLeast).getFirst();
    }

    MimeMessage awaitMail(String to, java.util.function.Predicate<MimeMessage> matching) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> received(to).stream().filter(matching).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    static List<MimeMessage> received(String to) {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage message : mailbox.getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().contains(to)) {
                    mine.add(message);
                }
            } catch (jakarta.mail.MessagingException ignored) {
                // not ours
            }
        }
        return mine;
    }

    static String text(MimeMessage message) {
        try {
            return com.icegreen.greenmail.util.GreenMailUtil.getBody(message);
        } catch (RuntimeException e) {
            return "";
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    static long eventsOf(String topic, String key, String typePart) {
        return everything(topic).stream().filter(r -> key.equals(r.key()))
                .filter(r -> TopicProbe.header(r, "ce_type").orElse("").contains(typePart)).count();
    }

    /** Every record on the topic now (read until the end offsets taken at the start). */
    static List<ConsumerRecord<String, byte[]>> everything(String topic) {
        Map<TopicPartition, Long> ends = endOffsets(List.of(topic));
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        return TopicProbe.of(infrastructure).readUntil(topic, Duration.ofSeconds(30), records -> records.size() >= total);
    }

    static Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every consumer group of this test's services has read every topic it follows to its end. */
    static void awaitNoLag(String groupPrefix) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
                List<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                        .filter(g -> g.startsWith(groupPrefix) && g.contains(run)).toList();
                Map<TopicPartition, Long> committed = new HashMap<>();
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, Long> ends = endOffsets(offsets.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet()));
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : offsets.entrySet()) {
                        if (offset.getValue() == null || offset.getValue().offset() < ends.getOrDefault(offset.getKey(), 0L)) {
                            return false;
                        }
                        committed.put(offset.getKey(), offset.getValue().offset());
                    }
                }
                return !groups.isEmpty() && !committed.isEmpty();
            }
        });
    }

    /** What each service shows of the journeys' patients and cases, as their users would read it. */
    Map<String, String> snapshot() {
        Map<String, String> view = new java.util.TreeMap<>();
        synchronized (journeyKeys) {
            for (String key : journeyKeys) {
                view.put("scheduling " + key, strip(edge().get("/api/scheduling/v1/appointments/" + key).token(tokens.get("coordinator")).send()));
                view.put("board " + key, strip(edge().get("/api/scheduling/v1/surgery-cases/" + key).token(tokens.get("coordinator")).send()));
                view.put("kit " + key, strip(edge().get("/api/inventory/v1/cases/" + key).token(tokens.get("inventory")).send()));
                view.put("checklist " + key, strip(edge().get("/api/records/v1/surgeries/" + key + "/checklist").token(tokens.get("nurse")).send()));
                view.put("invoice " + key, strip(edge().get("/api/billing/v1/invoices/" + key).token(tokens.get("billing")).send()));
                view.put("balance " + key, strip(edge().get("/api/billing/v1/invoices/bal-" + key).token(tokens.get("billing")).send()));
                view.put("messages " + key, strip(edge().get("/api/notifications/v1/patients/" + key + "/messages").token(tokens.get("coordinator")).send()));
                view.put("ledger " + key, strip(edge().get("/api/billing/v1/patients/" + key + "/ledger").token(tokens.get("billing")).send()));
            }
        }
        for (String sku : List.of(DemoData.IMPLANT, DemoData.SUTURE, DemoData.DRAPES, DemoData.GARMENT)) {
            view.put("stock " + sku, String.valueOf(stockOf(DemoData.MIAMI, sku)));
        }
        return view;
    }

    /** A status and body without the fields that say when it was read (request ids and the like are headers). */
    private static String strip(ApiClient.Answer answer) {
        return answer.status() + " " + answer.body().replaceAll("\"(updatedAt|changedAt|sentAt|attempts|leaseExpiresAt)\":\"?[^,}\"]*\"?", "");
    }

    static String token(String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":liaison").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.json().readTree(response.body()).get("access_token").asString();
    }

    static String array(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    static void report(String what, List<Long> millis) {
        if (millis.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("[journey] %s: p50 %d ms, p95 %d ms, max %d ms over %d%n", what, sorted.get(sorted.size() / 2),
                sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.95) - 1)), sorted.getLast(), sorted.size());
    }
}
