package health.liaison.insights;

import health.liaison.insights.facts.FactStore;
import health.liaison.insights.facts.ReadModels;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCheckedIn;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A month with known answers, fed through the real topics: every figure equals the hand-computed one; the same month
 * fed again with every event twice (the same id and a new one) in reverse order across partitions gives the same
 * tables; so does rebuilding the read models from the topics; another practice group sees none of it; a provider
 * sees her own figures and a colleague's are 403.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsIT {

    static final String FEBRUARY = "from=2026-02-01&to=2026-02-28";
    static final String MONTH = FEBRUARY + "&granularity=MONTH";
    static final String DAYS = FEBRUARY + "&granularity=DAY";
    static final List<String> TABLES = List.of("flow", "conversion", "follow-up", "money", "experience", "supplies");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    FactStore facts;

    @Value("${spring.kafka.consumer.group-id}.facts")
    String consumerGroup;

    final String run = UUID.randomUUID().toString().substring(0, 6);
    SeededMonth inOrder;
    SeededMonth scrambled;
    String admin;

    @BeforeAll
    void feedTheMonthTwice() {
        inOrder = new SeededMonth("ny-" + run, run);
        scrambled = new SeededMonth("ny2-" + run, run);
        admin = TestIdentity.token().subject("admin-" + run).tenant("aurora").roles("ADMIN").sign();
        List<String> ids = new ArrayList<>();

        List<ProducerRecord<String, byte[]>> plain = new ArrayList<>();
        // another practice group using the same clinic id, with a visit of its own: aurora's figures must not see it
        plain.add(TestEvents.record("belmont", SeededMonth.clinic(inOrder.location, "Asia/Tokyo", Instant.parse("2026-01-30T00:00:00Z")),
                Instant.parse("2026-01-30T00:00:00Z")));
        Instant start = Instant.parse("2026-02-10T15:00:00Z");
        plain.add(TestEvents.record("belmont", new AppointmentBooked("apt-belmont-" + run, "pat-b", inOrder.location, "consultation",
                "CONSULTATION", List.of(inOrder.providerA), List.of(), start, start.plusSeconds(1800)), start.minusSeconds(86_400)));
        plain.add(TestEvents.record("belmont", new AppointmentCheckedIn("apt-belmont-" + run, "pat-b", inOrder.location, "consultation",
                "CONSULTATION", start), start));
        for (SeededMonth.Timed timed : inOrder.events()) {
            plain.add(TestEvents.record("aurora", timed.event(), timed.at()));
        }
        TestEvents.send(plain);
        plain.forEach(r -> ids.add(TestEvents.idOf(r)));

        List<ProducerRecord<String, byte[]>> twice = new ArrayList<>();
        List<SeededMonth.Timed> reversed = new ArrayList<>(scrambled.events());
        Collections.reverse(reversed);
        int i = 0;
        for (SeededMonth.Timed timed : reversed) {
            ProducerRecord<String, byte[]> record = TestEvents.record("aurora", timed.event(), timed.at());
            // the same event twice on different partitions, and once more under a new id (as after a lost processed record)
            twice.add(TestEvents.onPartition(record, i++ % 3));
            twice.add(TestEvents.onPartition(record, i++ % 3));
            twice.add(TestEvents.onPartition(TestEvents.record("aurora", timed.event(), timed.at()), i++ % 3));
        }
        TestEvents.send(twice);
        twice.forEach(r -> ids.add(TestEvents.idOf(r)));
        TestEvents.awaitHandled(mongo, ids);
    }

    @Test
    void everyMeasureOfTheSeededMonthEqualsTheHandComputedFigure() {
        assertRow(row("flow", inOrder.location), Map.ofEntries(Map.entry("period", "2026-02-01"), Map.entry("periodEnd", "2026-02-28"),
                Map.entry("days", "28"), Map.entry("openHours", "200"),
                Map.entry("appointments", "14"), Map.entry("cancelled", "2"), Map.entry("lateCancellations", "1"),
                Map.entry("lateCancellationRate", "0.0714"), Map.entry("noShows", "2"), Map.entry("noShowRate", "0.1667"),
                Map.entry("arrived", "10"), Map.entry("waitToRoomedMedianMinutes", "10"), Map.entry("waitToRoomedP90Minutes", "18"),
                Map.entry("waitToProviderMedianMinutes", "15"), Map.entry("waitToProviderP90Minutes", "28"),
                Map.entry("visitLengthMedianMinutes", "45"), Map.entry("seen", "10"), Map.entry("seenWithin15Minutes", "5"),
                Map.entry("seenWithin15MinutesShare", "0.5")));
        assertRow(row("conversion", inOrder.location), Map.ofEntries(Map.entry("inquiries", "6"), Map.entry("responded", "5"),
                Map.entry("respondedWithinTarget", "3"), Map.entry("respondedWithinTargetShare", "0.5"),
                Map.entry("firstResponseMedianMinutes", "45"), Map.entry("firstResponseP90Minutes", "120"),
                Map.entry("consultations", "3"), Map.entry("consultationRate", "0.5"), Map.entry("quoted", "2"),
                Map.entry("quoteRate", "0.6667"), Map.entry("accepted", "1"), Map.entry("acceptanceRate", "0.5"),
                Map.entry("surgeries", "1"), Map.entry("surgeryRate", "0.1667"), Map.entry("lost", "1"),
                Map.entry("daysToConsultationMedian", "2"), Map.entry("daysConsultationToSurgeryMedian", "10")));
        assertRow(row("follow-up", inOrder.location), Map.of("tasksDue", "4", "completed", "2", "completedOnTime", "1",
                "completedOnTimeShare", "0.25", "overdue", "2"));
        assertRow(row("money", inOrder.location), Map.ofEntries(Map.entry("quotesIssued", "2"), Map.entry("quotesAccepted", "1"),
                Map.entry("depositsInvoiced", "1"), Map.entry("depositsPaid", "1"), Map.entry("daysToDepositMean", "2.5"),
                Map.entry("paymentsReceived", "3"), Map.entry("refundsIssued", "1"), Map.entry("invoicesOverdue", "1"),
                Map.entry("claimsSubmitted", "3"), Map.entry("claimsPaid", "1"), Map.entry("claimsDenied", "2"),
                Map.entry("claimDenialRate", "0.6667"), Map.entry("currency", "USD"),
                // q-0 9,800.00 + q-1 as revised 6,950.50 (not its first 7,200.00); q-0 accepted; its deposit; 1,200 + 800 + 450
                Map.entry("quotedAmount", "16750.50"), Map.entry("acceptedAmount", "9800.00"),
                Map.entry("depositsCollected", "2450.00"), Map.entry("paymentsCollected", "2450.00")));
        // by procedure: quotes by their appointment type, the deposit by its quote's; what names no procedure in ""
        Map<String, JsonNode> byProcedure = rowsBy(get("money", "locationId=" + inOrder.location + "&" + MONTH + "&by=PROCEDURE", admin),
                "appointmentTypeId");
        assertThat(byProcedure).containsOnlyKeys("breast-augmentation", "rhinoplasty", "");
        assertRow(byProcedure.get("breast-augmentation"), Map.of("quotesIssued", "1", "quotedAmount", "9800.00", "quotesAccepted", "1",
                "acceptedAmount", "9800.00", "depositsInvoiced", "1", "depositsPaid", "1", "depositsCollected", "2450.00",
                "paymentsReceived", "0", "currency", "USD"));
        assertRow(byProcedure.get("rhinoplasty"), Map.of("quotesIssued", "1", "quotedAmount", "6950.50", "quotesAccepted", "0",
                "acceptedAmount", "0", "depositsCollected", "0"));
        assertRow(byProcedure.get(""), Map.of("quotesIssued", "0", "paymentsReceived", "3", "paymentsCollected", "2450.00",
                "claimsSubmitted", "3", "refundsIssued", "1"));
        assertRow(row("experience", inOrder.location), Map.of("complaintsOpened", "3", "complaintsResolved", "2",
                "resolvedWithinSla", "2", "resolvedWithinSlaShare", "0.6667"));
        assertRow(row("supplies", inOrder.location), Map.of("casesBlockedByStockOut", "2", "itemsShort", "2"));

        // split by provider and by coordinator, by source
        Map<String, JsonNode> byProvider = rowsBy(get("flow", "locationId=" + inOrder.location + "&" + MONTH + "&by=PROVIDER", admin), "providerId");
        assertThat(byProvider).containsOnlyKeys(inOrder.providerA, inOrder.providerB);
        assertRow(byProvider.get(inOrder.providerA), Map.of("appointments", "7", "cancelled", "1", "lateCancellations", "1",
                "noShows", "1", "arrived", "5", "waitToRoomedMedianMinutes", "10", "waitToRoomedP90Minutes", "18",
                "waitToProviderMedianMinutes", "15", "seenWithin15Minutes", "3", "seenWithin15MinutesShare", "0.6"));
        Map<String, JsonNode> byCoordinator = rowsBy(get("conversion", "locationId=" + inOrder.location + "&" + MONTH + "&by=COORDINATOR", admin),
                "coordinatorId");
        assertRow(byCoordinator.get(inOrder.coordinatorX), Map.of("inquiries", "4", "responded", "4", "respondedWithinTarget", "3",
                "consultations", "3", "surgeries", "1"));
        assertRow(byCoordinator.get(inOrder.coordinatorY), Map.of("inquiries", "2", "responded", "1", "respondedWithinTarget", "0",
                "lost", "1"));
        Map<String, JsonNode> bySource = rowsBy(get("conversion", "locationId=" + inOrder.location + "&" + MONTH + "&by=SOURCE", admin), "source");
        assertRow(bySource.get("WEB_FORM"), Map.of("inquiries", "3", "consultations", "2", "quoted", "2", "accepted", "1"));
        assertRow(bySource.get("PHONE"), Map.of("inquiries", "3", "consultations", "1", "quoted", "0", "lost", "1"));

        // by week: the rows are the ISO weeks cut to the month, their days add up to the month's
        JsonNode weeks = get("flow", "locationId=" + inOrder.location + "&from=2026-02-01&to=2026-02-28&granularity=WEEK", admin).get("rows");
        List<String> firsts = new ArrayList<>();
        int days = 0, appointments = 0;
        for (JsonNode week : weeks) {
            firsts.add(week.get("period").asString());
            days += week.get("days").asInt();
            appointments += week.get("appointments").asInt();
        }
        assertThat(firsts).containsExactly("2026-02-01", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23");
        assertThat(days).isEqualTo(28);
        assertThat(appointments).isEqualTo(14);
    }

    @Test
    void theMonthFedTwiceInReverseOrderAcrossPartitionsGivesTheSameTables() {
        for (String table : TABLES) {
            assertThat(withoutClinic(get(table, "locationId=" + scrambled.location + "&" + DAYS, admin)))
                    .as(table).isEqualTo(withoutClinic(get(table, "locationId=" + inOrder.location + "&" + DAYS, admin)));
        }
    }

    @Test
    void rebuildingTheReadModelsFromTheTopicsGivesTheSameTables() throws Exception {
        Map<String, List<JsonNode>> before = tables();

        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            container.stop();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.getListenerContainers().stream().noneMatch(MessageListenerContainer::isRunning));
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (String topic : List.of(Topics.SCHEDULING_APPOINTMENT, Topics.SCHEDULING_LOCATION, Topics.RECORDS_INQUIRY, Topics.RECORDS_TASK,
                    Topics.RECORDS_PATIENT, Topics.BILLING_INVOICE, Topics.BILLING_CLAIM, Topics.INVENTORY_STOCK)) {
                kafka.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
            }
            kafka.listOffsets(ask).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> earliest.put(tp, new OffsetAndMetadata(info.offset())));
            // the group has no members once the containers stopped; the broker may need a moment to see them leave
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                kafka.alterConsumerGroupOffsets(consumerGroup, earliest).all().get(10, TimeUnit.SECONDS);
                return true;
            });
            for (String collection : ReadModels.ALL) {
                mongo.getCollection(collection).drop();
            }
            mongo.getCollection(EventInbox.PROCESSED_COLLECTION).deleteMany(new Document("consumer", TestEvents.REACTION));
            assertThat(mongo.getCollection("visits").countDocuments()).isZero();

            listeners.getListenerContainers().forEach(MessageListenerContainer::start);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            ask.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            kafka.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(consumerGroup)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        }

        assertThat(tables()).isEqualTo(before);
    }

    @Test
    void anotherPracticeGroupSeesNoneOfIt() {
        String belmontAdmin = TestIdentity.token().subject("admin-b-" + run).tenant("belmont").roles("ADMIN").sign();
        // belmont has a clinic of the same id: it sees its own single visit, in its own zone, and nothing of aurora's
        JsonNode own = get("flow", "locationId=" + inOrder.location + "&" + MONTH, belmontAdmin).get("rows").get(0);
        assertThat(own.get("appointments").asInt()).isEqualTo(1);
        assertThat(own.get("openHours").decimalValue()).isEqualByComparingTo("200");
        ApiClient.Answer unknown = api().get("/api/insights/v1/flow?locationId=" + scrambled.location + "&" + MONTH).token(belmontAdmin).send();
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).endsWith("/not-found");
        assertThat(unknown.body()).doesNotContain(scrambled.location);
        for (String table : TABLES) {
            String all = api().get("/api/insights/v1/" + table + "?" + MONTH).token(belmontAdmin).send().body();
            assertThat(all).as(table).doesNotContain("ny2-" + run).doesNotContain(inOrder.coordinatorX);
        }
    }

    @Test
    void aProviderSeesHerOwnFiguresAndAColleaguesAreForbidden() {
        String providerA = TestIdentity.token().subject(inOrder.providerA).tenant("aurora").locations(inOrder.location).roles("PROVIDER").sign();
        JsonNode own = get("flow", "locationId=" + inOrder.location + "&" + MONTH, providerA).get("rows").get(0);
        assertRow(own, Map.of("appointments", "7", "arrived", "5", "seenWithin15Minutes", "3"));
        ApiClient.Answer colleague = api().get("/api/insights/v1/flow?locationId=" + inOrder.location + "&" + MONTH + "&providerId="
                + inOrder.providerB).token(providerA).send();
        assertThat(colleague.status()).as(colleague.toString()).isEqualTo(403);
        assertThat(colleague.json().get("type").asString()).endsWith("/forbidden");
        assertThat(colleague.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api().get("/api/insights/v1/money?" + MONTH).token(providerA).send().status()).isEqualTo(403);
        assertThat(api().get("/api/insights/v1/flow?locationId=" + scrambled.location + "&" + MONTH).token(providerA).send().status())
                .isEqualTo(403);
    }

    @Test
    void aCoordinatorSeesHerClinicsAndHerOwnCoordinatorFigures() {
        String x = TestIdentity.token().subject(inOrder.coordinatorX).tenant("aurora").locations(inOrder.location).roles("COORDINATOR").sign();
        Map<String, JsonNode> rows = rowsBy(get("conversion", "locationId=" + inOrder.location + "&" + MONTH + "&by=COORDINATOR", x), "coordinatorId");
        assertThat(rows).containsOnlyKeys(inOrder.coordinatorX);
        assertThat(api().get("/api/insights/v1/conversion?locationId=" + inOrder.location + "&" + MONTH + "&coordinatorId="
                + inOrder.coordinatorY).token(x).send().status()).isEqualTo(403);
        assertThat(api().get("/api/insights/v1/money?locationId=" + scrambled.location + "&" + MONTH).token(x).send().status()).isEqualTo(403);
        // without a clinic named, the rows are her clinics' only
        JsonNode all = get("flow", MONTH, x).get("rows");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("locationId").asString()).isEqualTo(inOrder.location);
    }

    @Test
    void everyTableIsAlsoCsvWithTheSameFigures() {
        for (String table : TABLES) {
            JsonNode json = get(table, "locationId=" + inOrder.location + "&" + MONTH, admin);
            ApiClient.Answer byAccept = api().get("/api/insights/v1/" + table + "?locationId=" + inOrder.location + "&" + MONTH)
                    .token(admin).header("Accept", "text/csv").send();
            ApiClient.Answer bySuffix = api().get("/api/insights/v1/" + table + ".csv?locationId=" + inOrder.location + "&" + MONTH)
                    .token(admin).send();
            assertThat(byAccept.status()).as(byAccept.toString()).isEqualTo(200);
            assertThat(byAccept.header("Content-Type")).startsWith("text/csv");
            assertThat(bySuffix.body()).isEqualTo(byAccept.body());
            String[] lines = byAccept.body().split("\r\n");
            List<String> columns = new ArrayList<>();
            json.get("columns").forEach(c -> columns.add(c.asString()));
            assertThat(lines[0]).isEqualTo(String.join(",", columns));
            assertThat(lines).hasSize(2);
            String[] values = lines[1].split(",", -1);
            for (int i = 0; i < columns.size(); i++) {
                JsonNode value = json.get("rows").get(0).get(columns.get(i));
                if (value == null || value.isNull()) {
                    assertThat(values[i]).as(table + "." + columns.get(i)).isEmpty();
                } else if (value.isNumber()) {
                    assertThat(new BigDecimal(values[i])).as(table + "." + columns.get(i)).isEqualByComparingTo(value.decimalValue());
                } else {
                    assertThat(values[i]).as(table + "." + columns.get(i)).isEqualTo(value.asString());
                }
            }
        }
        assertThat(api().get("/api/insights/v1/flow?locationId=" + inOrder.location + "&" + MONTH).token(admin).send().body())
                .doesNotContain("pat-");
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        assertField(api().get("/api/insights/v1/flow?to=2026-02-28").token(admin).send(), "from");
        assertField(api().get("/api/insights/v1/flow?from=2026-02-01&to=2026-01-01").token(admin).send(), "to");
        assertField(api().get("/api/insights/v1/flow?from=2026-02-01&to=2026-02-28&granularity=YEAR").token(admin).send(), "granularity");
        assertField(api().get("/api/insights/v1/money?from=2026-02-01&to=2026-02-28&by=PROVIDER").token(admin).send(), "by");
        assertField(api().get("/api/insights/v1/flow?from=2025-01-01&to=2026-02-28").token(admin).send(), "to");
        assertThat(api().get("/api/insights/v1/nothing?" + MONTH).token(admin).send().status()).isEqualTo(404);
        assertThat(api().get("/api/insights/v1/flow?" + MONTH).send().status()).isEqualTo(401);
    }

    @Test
    void aWeekWithTheClockChangeCountsEachLocalDayOnceWithItsHours() {
        String clinic = "dst-" + run;
        Map<DayOfWeek, List<LocationChanged.OpeningSpan>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, List.of(new LocationChanged.OpeningSpan(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        // Sundays also a night session across the hour the clocks skip on 8 March 2026
        hours.put(DayOfWeek.SUNDAY, List.of(new LocationChanged.OpeningSpan(LocalTime.of(1, 0), LocalTime.of(4, 0))));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(TestEvents.record("aurora", new LocationChanged(clinic, "America/New_York", hours, List.of(), Instant.parse("2026-01-01T00:00:00Z")),
                Instant.parse("2026-01-01T00:00:00Z")));
        // Saturday 23:30 EST, Sunday 01:30 EST and 03:30 EDT (an hour apart on the wall clock, one hour apart in fact too)
        for (String start : List.of("2026-03-08T04:30:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z")) {
            Instant at = Instant.parse(start);
            records.add(TestEvents.record("aurora", new AppointmentBooked("apt-" + clinic + at.getEpochSecond(), "pat-d", clinic, "botox",
                    "PROCEDURE", List.of("np-kim"), List.of(), at, at.plusSeconds(1800)), at.minusSeconds(86_400)));
        }
        TestEvents.send(records);
        TestEvents.awaitHandled(mongo, records.stream().map(TestEvents::idOf).toList());

        JsonNode days = get("flow", "locationId=" + clinic + "&from=2026-03-02&to=2026-03-08&granularity=DAY", admin).get("rows");
        assertThat(days).hasSize(7);
        Map<String, JsonNode> byDay = rowsBy(days, "period");
        assertThat(byDay).hasSize(7);
        assertThat(byDay.get("2026-03-07").get("appointments").asInt()).isEqualTo(1);
        assertThat(byDay.get("2026-03-08").get("appointments").asInt()).isEqualTo(2);
        assertThat(byDay.get("2026-03-08").get("openHours").decimalValue()).isEqualByComparingTo("2");
        assertThat(byDay.get("2026-03-07").get("openHours").decimalValue()).isEqualByComparingTo("8");
        JsonNode week = get("flow", "locationId=" + clinic + "&from=2026-03-02&to=2026-03-08&granularity=WEEK", admin).get("rows");
        assertThat(week).hasSize(1);
        assertRow(week.get(0), Map.of("period", "2026-03-02", "periodEnd", "2026-03-08", "days", "7", "openHours", "50", "appointments", "3"));
    }

    @Test
    void concurrentWritersOfOneFactDocumentEndWithTheEarliestStepAndTheNewestSchedule() throws Exception {
        String visit = "apt-race-" + run;
        Instant base = Instant.parse("2026-02-10T15:00:00Z");
        int writers = 16;
        List<Callable<Void>> work = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            work.add(() -> {
                Callers.runAs(Caller.system("aurora"), () -> {
                    facts.record(ReadModels.VISITS, visit, f -> f.initially("locationId", "race").earliest("checkedInAt", base.plusSeconds(60L * n)));
                    facts.recordIfNewer(ReadModels.VISITS, visit, "scheduledAsOf", base.minusSeconds(86_400L - n), f -> f
                            .set("locationId", "race").set("start", base.plusSeconds(3600L * n)));
                });
                return null;
            });
        }
        List<Callable<Void>> shuffled = new ArrayList<>(work);
        Collections.shuffle(shuffled);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<Void> done : pool.invokeAll(shuffled)) {
                done.get();
            }
        }
        List<Document> stored = mongo.getCollection(ReadModels.VISITS).find(new Document("_id", "aurora|" + visit)).into(new ArrayList<>());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getDate("checkedInAt").toInstant()).isEqualTo(base);
        assertThat(stored.get(0).getDate("start").toInstant()).isEqualTo(base.plusSeconds(3600L * (writers - 1)));
        assertThat(stored.get(0).getString("tenantId")).isEqualTo("aurora");
    }

    private Map<String, List<JsonNode>> tables() {
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        for (SeededMonth month : List.of(inOrder, scrambled)) {
            for (String table : TABLES) {
                all.put(month.location + "/" + table, withoutClinic(get(table, "locationId=" + month.location + "&" + DAYS, admin)));
            }
        }
        return all;
    }

    private static List<JsonNode> withoutClinic(JsonNode table) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : table.get("rows")) {
            Map<String, String> copy = new LinkedHashMap<>();
            row.properties().forEach(e -> {
                if (!e.getKey().equals("locationId")) {
                    copy.put(e.getKey(), e.getValue().isNull() ? null : plain(e.getValue()));
                }
            });
            rows.add(ApiClient.json().valueToTree(copy));
        }
        return rows;
    }

    private static String plain(JsonNode value) {
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asString();
    }

    private JsonNode row(String table, String location) {
        JsonNode rows = get(table, "locationId=" + location + "&" + MONTH, admin).get("rows");
        assertThat(rows).as(table).hasSize(1);
        return rows.get(0);
    }

    private JsonNode get(String table, String query, String token) {
        ApiClient.Answer answer = api().get("/api/insights/v1/" + table + "?" + query).token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static Map<String, JsonNode> rowsBy(JsonNode table, String column) {
        return rowsBy(table.has("rows") ? table.get("rows") : table, column, true);
    }

    private static Map<String, JsonNode> rowsBy(JsonNode rows, String column, boolean unique) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            assertThat(byKey.put(row.get(column).asString(), row)).as("one row per " + column).isNull();
        }
        return byKey;
    }

    private static void assertRow(JsonNode row, Map<String, String> expected) {
        assertThat(row).as("row").isNotNull();
        expected.forEach((column, value) -> {
            JsonNode actual = row.get(column);
            assertThat(actual).as(column).isNotNull();
            if (actual.isNumber()) {
                assertThat(actual.decimalValue()).as(column + " in " + row).isEqualByComparingTo(new BigDecimal(value));
            } else {
                assertThat(actual.asString()).as(column + " in " + row).isEqualTo(value);
            }
        });
    }

    private static void assertField(ApiClient.Answer answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private ApiClient api() {
        return ApiClient.onPort(port);
    }
}
