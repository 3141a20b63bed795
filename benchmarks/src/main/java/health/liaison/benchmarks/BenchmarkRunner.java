package health.liaison.benchmarks;

import health.liaison.platform.testing.InProcessInfrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmarks side by side in one run (the machines are shared and noisy, so only ratios within a run are
 * compared) and writes {@code benchmarks/results/latest.md} and {@code latest.json}.
 * <ul>
 *   <li>{@code gateway}: the same GET straight to a backend, through the gateway, and through nginx, with an
 *   instant and a 20 ms backend; highest throughput (closed loop) and latency at a fixed rate (open model).</li>
 *   <li>{@code kafka}: produce → consume round trip on a real broker.</li>
 *   <li>{@code scheduling}: availability search, and booking one at a time, 50 at once on different slots and 50
 *   racing for one slot (checked after: nothing double-booked); {@code -Dbench.scheduling.jvm} adds JVM options to
 *   scheduling-service (e.g. a JFR recording).</li>
 *   <li>{@code calendar-history}: booking and availability for a provider with five years of history (20
 *   appointments a day, written straight into MongoDB in the per-day calendar format) beside one with an empty
 *   calendar, alternating request by request.</li>
 *   <li>{@code stock-history}: inventory-service reserving from a stock bucket with 1,000,000 movements (written
 *   straight into MongoDB in the service's format: counters in the bucket, one document per movement) beside a bucket
 *   without history, alternating request by request; {@code -Dbench.stock-history.movements} (1,000,000) and
 *   {@code .requests} (500) set the run.</li>
 *   <li>{@code expiry-sweep}: 100,000 stock buckets ({@code -Dbench.expiry-sweep.buckets}) written straight into
 *   MongoDB, some near or past expiry → the duration of the service's first expiry sweep (which tells and
 *   quarantines) and of the next one (everything told already), read from its {@code tasks.scheduled.execution}
 *   timer.</li>
 *   <li>{@code events}: booked in scheduling-service → reminders scheduled by notification-service (two processes on
 *   one broker and MongoDB) at a fixed rate, beside a raw Kafka round trip on the same broker;
 *   {@code -Dbench.events.bookings} (200), {@code .rate} (10/s) and {@code .poll-millis} (5) set the run,
 *   {@code -Dbench.notifications.jvm} adds JVM options to notification-service.</li>
 *   <li>{@code insights}: a year of one practice group (5 clinics, 30 providers, 60,000 appointments) in
 *   insights-service's read model → a month's dashboard (its six tables at once) p95, and the feed at 200 events/s
 *   through Kafka (send → handled); {@code -Dbench.insights.rate} (200), {@code .seconds} (60), {@code .rounds} (50)
 *   and {@code -Dbench.insights.jvm} set the run ({@code InsightsLoad}).</li>
 *   <li>{@code footprint}: time to ready and resident memory of every process of {@code ./liaison run}.</li>
 *   <li>{@code jmh}: JMH microbenchmarks of the domain code ({@code health.liaison.benchmarks.domain}: overlap
 *   check, slot search) in a forked JVM; {@code -Dbench.jmh.forks}, {@code .warmups}, {@code .iterations},
 *   {@code .seconds} (per iteration) and {@code .include} (a regular expression) set the run.</li>
 * </ul>
 * A run of only some scenarios keeps the other sections of the previous report, each marked with the run it
 * comes from.
 */
public final class BenchmarkRunner {

    private static final Path ROOT = Path.of(System.getProperty("liaison.root", ".")).toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("benchmarks/target/bench-logs");
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int WORKERS = Integer.getInteger("bench.workers", 32);
    private static final Duration WARMUP_CAP = Duration.ofSeconds(Long.getLong("bench.warmup.cap", 90));
    private static final double WARMUP_TOLERANCE = 0.05;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final StringBuilder markdown = new StringBuilder();

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("gateway", "kafka", "scheduling", "events", "footprint", "jmh") : List.of(args);
        BenchmarkRunner runner = new BenchmarkRunner();
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stopProcesses));
        runner.run(which);
    }

    private void run(List<String> which) throws Exception {
        Files.createDirectories(LOGS);
        report.put("when", Instant.now().toString());
        report.put("machine", machine());
        markdown.append("# Liaison benchmarks\n\n").append("Run ").append(report.get("when")).append(" on ")
                .append(machine()).append(". Scenarios run: ").append(String.join(", ", which))
                .append(".\nRatios compare figures of the same run only.\n\n");
        if (which.contains("gateway")) {
            gateway();
        }
        if (which.contains("kafka")) {
            kafka();
        }
        if (which.contains("scheduling")) {
            scheduling();
        }
        if (which.contains("calendar-history")) {
            calendarHistory();
        }
        if (which.contains("stock-history")) {
            stockHistory();
        }
        if (which.contains("expiry-sweep")) {
            expirySweep();
        }
        if (which.contains("events")) {
            events();
        }
        if (which.contains("burst")) {
            burst();
        }
        if (which.contains("insights")) {
            insights();
        }
        if (which.contains("footprint")) {
            footprint();
        }
        if (which.contains("jmh")) {
            jmh();
        }
        Path results = ROOT.resolve("benchmarks/results");
        Files.createDirectories(results);
        keepEarlierSections(results);
        Files.writeString(results.resolve("latest.md"), markdown);
        Files.writeString(results.resolve("latest.json"), JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println(markdown);
        System.out.println("Written: " + results.resolve("latest.md") + " and latest.json");
        stopProcesses();
        System.exit(0);
    }

    private void gateway() throws Exception {
        progress("gateway overhead: starting a backend, a MongoDB wire server, the gateway and nginx");
        String loadBefore = loadAverage();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("load generator", ProcessHandle.current().pid());
        int backendPort = freePort();
        start("echo-backend", javaWithClasspath(List.of("-Xmx256m", EchoBackend.class.getName(), String.valueOf(backendPort))), Map.of());
        pids.put("backend", processes.getLast().pid());
        // the rate limiter's counter store in its own process (not in this load generator's JVM); no Kafka: the
        // gateway uses none
        int mongoPort = freePort();
        start("mongo-wire-server", javaWithClasspath(List.of("-Xmx256m", "-XX:+UseSerialGC", MongoWireServer.class.getName(),
                String.valueOf(mongoPort))), Map.of());
        pids.put("MongoDB", processes.getLast().pid());
        awaitHttp("http://127.0.0.1:" + backendPort + "/api/scheduling/v1/instant", Duration.ofSeconds(30));
        awaitPort(mongoPort, Duration.ofSeconds(30));

        int gatewayPort = startGateway(Map.of("scheduling", "http://127.0.0.1:" + backendPort), "mongodb://127.0.0.1:" + mongoPort,
                List.of("--liaison.rate-limit.per-user=100000000", "--liaison.rate-limit.per-tenant=100000000"));
        pids.put("gateway", processes.getLast().pid());

        int nginxPort = freePort();
        boolean nginx = startNginx(backendPort, nginxPort);
        if (nginx) {
            pids.put("nginx", processes.getLast().pid());
        }

        String token = TestIdentity.token().tenant("bench").locations("bench-clinic").roles("COORDINATOR")
                .lifetime(Duration.ofHours(2)).sign();
        LoadGenerator load = new LoadGenerator();
        Map<String, Object> figures = new LinkedHashMap<>();
        StringBuilder rows = new StringBuilder();
        StringBuilder cpuRows = new StringBuilder();
        StringBuilder goals = new StringBuilder();
        for (String kind : List.of("instant", "slow")) {
            String label = kind.equals("slow") ? "20 ms" : "instant";
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("direct", "http://127.0.0.1:" + backendPort + "/api/scheduling/v1/" + kind);
            targets.put("gateway", "http://127.0.0.1:" + gatewayPort + "/api/scheduling/v1/" + kind);
            if (nginx) {
                targets.put("nginx", "http://127.0.0.1:" + nginxPort + "/api/scheduling/v1/" + kind);
            }
            // first every path's highest throughput (each warmed until steady), then every path's latency at one
            // rate all of them sustain: half of the slowest path's throughput
            Map<String, LoadGenerator.Result> closed = new LinkedHashMap<>();
            Map<String, Double> warmSeconds = new LinkedHashMap<>();
            Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
            Map<String, List<LoadGenerator.Result>> rounds = new LinkedHashMap<>();
            Map<String, List<Map<String, Double>>> cpuRounds = new LinkedHashMap<>();
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String url = target.getValue();
                progress("gateway overhead: " + target.getKey() + " / " + label + ", warming up");
                long warmStart = System.nanoTime();
                load.warmUntilStable(target.getKey(), () -> LoadGenerator.get(url, token), WORKERS, WARMUP, WARMUP_TOLERANCE,
                        WARMUP_CAP, BenchmarkRunner::progress);
                warmSeconds.put(target.getKey(), (System.nanoTime() - warmStart) / 1e9);
                load.quiesce(Duration.ofSeconds(1));
                rounds.put(target.getKey(), new ArrayList<>());
                cpuRounds.put(target.getKey(), new ArrayList<>());
            }
            // the paths take turns, so a neighbour's build on a shared machine weighs on all of them alike
            for (int round = 1; round <= ROUNDS; round++) {
                for (Map.Entry<String, String> target : targets.entrySet()) {
                    String url = target.getValue();
                    CpuUse use = CpuUse.start(pids);
                    LoadGenerator.Result result = load.closedLoop(target.getKey(), () -> LoadGenerator.get(url, token), WORKERS, MEASURE);
                    Map<String, Double> cores = use.stop();
                    rounds.get(target.getKey()).add(result);
                    cpuRounds.get(target.getKey()).add(cores);
                    progress("gateway overhead: %s / %s closed loop, round %d of %d: %.0f req/s, CPU (cores) %s".formatted(
                            target.getKey(), label, round, ROUNDS, result.throughputPerSecond(), cores));
                    load.quiesce(Duration.ofSeconds(1));
                }
            }
            for (String path : targets.keySet()) {
                List<LoadGenerator.Result> byThroughput = rounds.get(path).stream()
                        .sorted(java.util.Comparator.comparingDouble(LoadGenerator.Result::throughputPerSecond)).toList();
                closed.put(path, byThroughput.get(byThroughput.size() / 2));
                Map<String, Double> mean = new LinkedHashMap<>();
                for (Map<String, Double> cores : cpuRounds.get(path)) {
                    cores.forEach((process, value) -> mean.merge(process, value / ROUNDS, Double::sum));
                }
                mean.replaceAll((process, value) -> round(value));
                cpu.put(path, mean);
            }
            double slowest = closed.values().stream().mapToDouble(LoadGenerator.Result::throughputPerSecond).min().orElse(20);
            int rate = Math.max(10, (int) (slowest / 2));
            double direct = closed.get("direct").throughputPerSecond();
            Map<String, LoadGenerator.Result> fixed = new LinkedHashMap<>();
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String url = target.getValue();
                progress("gateway overhead: " + target.getKey() + " / " + label + " at a fixed " + rate + "/s");
                fixed.put(target.getKey(), load.fixedRate(target.getKey(), () -> LoadGenerator.get(url, token), rate, MEASURE));
                load.quiesce(Duration.ofSeconds(1));
            }
            for (String path : targets.keySet()) {
                LoadGenerator.Result c = closed.get(path);
                LoadGenerator.Result f = fixed.get(path);
                double ratio = c.throughputPerSecond() / direct;
                figures.put(kind + "." + path, Map.of("closedLoop", c, "fixedRate", f, "fixedRatePerSecond", rate,
                        "ratioToDirect", round(ratio), "warmUpSeconds", round(warmSeconds.get(path)),
                        "cpuCoresDuringClosedLoop", cpu.get(path)));
                rows.append("| ").append(label).append(" | ").append(path).append(" | ").append(round(c.throughputPerSecond()))
                        .append(" | ").append(round(ratio)).append(" | ").append(c.p50Millis()).append(" | ")
                        .append(c.p95Millis()).append(" | ").append(c.p99Millis()).append(" | ").append(f.p50Millis())
                        .append(" / ").append(f.p99Millis()).append(" @ ").append(rate).append("/s | ")
                        .append(c.errors() + f.errors()).append(" | ").append(Math.round(warmSeconds.get(path))).append(" |\n");
                Map<String, Double> cores = cpu.get(path);
                cpuRows.append("| ").append(label).append(" | ").append(path);
                for (String process : List.of("load generator", "backend", "gateway", "MongoDB", "nginx", "machine")) {
                    cpuRows.append(" | ").append(cores.containsKey(process) ? String.valueOf(cores.get(process)) : "–");
                }
                // the proxy's own CPU per proxied request (gateway or nginx; microseconds): robust on a shared machine
                String proxy = path.equals("gateway") ? "gateway" : path.equals("nginx") ? "nginx" : null;
                Double proxyCores = proxy == null ? null : cores.get(proxy);
                if (proxyCores != null && path.equals("gateway") && cores.containsKey("MongoDB")) {
                    proxyCores += cores.get("MongoDB");
                }
                String perRequest = proxyCores == null ? "–" : String.valueOf(Math.round(proxyCores * 1e6 / c.throughputPerSecond()));
                if (proxy != null) {
                    figures.put(kind + "." + path + ".cpuMicrosPerRequest", perRequest);
                }
                cpuRows.append(" | ").append(perRequest).append(" |\n");
            }
            LoadGenerator.Result gw = closed.get("gateway");
            double goal = kind.equals("slow") ? 0.95 : 0.35;
            double throughputRatio = gw.throughputPerSecond() / direct;
            goals.append("- ").append(label).append(": gateway throughput ").append(round(throughputRatio)).append("× direct (goal ≥ ")
                    .append(goal).append("×: ").append(throughputRatio >= goal ? "met" : "missed").append(")");
            if (kind.equals("slow")) {
                double closedP99 = gw.p99Millis() / closed.get("direct").p99Millis();
                double fixedP99 = fixed.get("gateway").p99Millis() / fixed.get("direct").p99Millis();
                goals.append("; p99 ").append(round(closedP99)).append("× direct in the closed loop, ").append(round(fixedP99))
                        .append("× at the fixed rate (goal ≤ 1.5×: ").append(closedP99 <= 1.5 && fixedP99 <= 1.5 ? "met"
                                : closedP99 <= 1.5 || fixedP99 <= 1.5 ? "met in one of the two" : "missed").append(")");
            }
            goals.append(".\n");
        }
        markdown.append("## Gateway overhead\n\n")
                .append("Closed loop: ").append(WORKERS).append(" concurrent clients, ").append(ROUNDS).append(" rounds of ")
                .append(MEASURE.toSeconds()).append(" s per path, the paths taking turns (a shared machine's other load "
                        + "then weighs on all alike); the table shows each path's median round. Before that, warm-up rounds of ").append(WARMUP.toSeconds()).append(" s repeated until three consecutive rounds' "
                        + "throughputs lie within ").append(Math.round(WARMUP_TOLERANCE * 100)).append(" % of each other (at most ")
                .append(WARMUP_CAP.toSeconds()).append(" s; the gateway's reactive stack needs the JIT). Then, per backend, a fixed "
                        + "rate for every path at one rate all sustain (half of the slowest path's closed-loop throughput): an "
                        + "open model, latency from the intended start (coordinated-omission safe). Each run starts once the "
                        + "previous one's requests are all answered. The backend (JDK HttpServer), the gateway (its exec jar with docker/jvm.options, the flags production uses, "
                        + "JWTs checked against a test JWKS, rate-limit counters in MongoDB), the MongoDB wire server "
                        + "(mongo-java-server, in memory) and nginx each run in their own process; no Kafka.\n\n")
                .append("| backend | path | throughput (req/s) | ratio to direct | p50 ms | p95 ms | p99 ms | fixed-rate p50 / p99 ms | errors | warm-up s |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(rows)
                .append("\nCPU during the closed loops (mean of the rounds), in cores of the machine's ")
                .append(Runtime.getRuntime().availableProcessors()).append(" (from /proc; \"machine\" is every process, "
                        + "other builds on a shared machine included):\n\n")
                .append("| backend | path | load generator | backend | gateway | MongoDB | nginx | machine | proxy CPU µs per request |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(cpuRows)
                .append("\nThe last column is the proxy's CPU time per proxied request (the gateway's includes its rate-limit "
                        + "store, MongoDB). Load average (1, 5, 15 min) before / after: ").append(loadBefore).append(" / ")
                .append(loadAverage()).append(".\n")
                .append("\nGoals: with the 20 ms backend the gateway keeps ≥ 0.95× direct throughput and p99 ≤ 1.5× direct; "
                        + "with the instant backend ≥ 0.35×.\n\n")
                .append(goals).append("\n");
        report.put("gateway", figures);
        stopProcesses();
    }

    /** nginx as a plain reverse proxy to the backend, if installed; false when not. */
    private boolean startNginx(int backendPort, int nginxPort) throws IOException, InterruptedException {
        Path nginxDir = LOGS.resolve("nginx");
        Files.createDirectories(nginxDir);
        Files.writeString(nginxDir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s; uwsgi_temp_path %1$s; scgi_temp_path %1$s;
                  upstream backend { server 127.0.0.1:%2$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
                  }
                }
                """.formatted(nginxDir, backendPort, nginxPort));
        if (!new File("/usr/sbin/nginx").canExecute()) {
            progress("nginx is not installed (apt-get install nginx-light): its rows stay out");
            return false;
        }
        start("nginx", List.of("/usr/sbin/nginx", "-c", nginxDir.resolve("nginx.conf").toString()), Map.of());
        awaitHttp("http://127.0.0.1:" + nginxPort + "/api/scheduling/v1/instant", Duration.ofSeconds(30));
        return true;
    }

    private static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + timeout + "; see " + LOGS);
    }

    private void kafka() throws Exception {
        progress("kafka: produce → consume round trip on an in-process KRaft broker");
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            Map<String, Object> figures = kafkaRoundTrip(infrastructure.kafkaBootstrapServers());
            report.put("kafkaRoundTrip", figures);
            markdown.append("## Kafka produce → consume round trip\n\n").append(roundTripText(figures)).append("\n\n");
        }
    }

    /**
     * {@code bench.kafka.messages} messages (2000) at 200/s through a new topic, acks=all, linger 0: the latency from
     * just before the send to the consumer's poll returning the record, in this one process.
     */
    private static Map<String, Object> kafkaRoundTrip(String bootstrapServers) throws Exception {
        String topic = "bench.roundtrip." + UUID.randomUUID();
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        int messages = Integer.getInteger("bench.kafka.messages", 2000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"), new StringDeserializer(), new ByteArrayDeserializer())) {
            producer.send(new ProducerRecord<>(topic, "warm", new byte[8])).get();
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread sender = Thread.ofPlatform().start(() -> {
                long interval = TimeUnit.MILLISECONDS.toNanos(5);
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    long intended = start + i * interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    producer.send(new ProducerRecord<>(topic, "k" + (i % 16),
                            ByteBuffer.allocate(8).putLong(System.nanoTime()).array()));
                }
                producer.flush();
            });
            int received = 0;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received < messages && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key().equals("warm")) {
                        continue;
                    }
                    histogram.recordValue(System.nanoTime() - ByteBuffer.wrap(record.value()).getLong());
                    received++;
                }
            }
            sender.join();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("messages", received);
            figures.put("p50Millis", histogram.getValueAtPercentile(50) / 1e6);
            figures.put("p95Millis", histogram.getValueAtPercentile(95) / 1e6);
            figures.put("p99Millis", histogram.getValueAtPercentile(99) / 1e6);
            figures.put("maxMillis", histogram.getMaxValue() / 1e6);
            return figures;
        }
    }

    private static String roundTripText(Map<String, Object> figures) {
        return figures.get("messages") + " messages at 200/s, acks=all: p50 " + round((double) figures.get("p50Millis"))
                + " ms, p99 " + round((double) figures.get("p99Millis")) + " ms, max " + round((double) figures.get("maxMillis")) + " ms.";
    }

    private void scheduling() throws Exception {
        progress("scheduling: availability search and booking under contention against a running scheduling-service");
        String loadBefore = loadAverage();
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String service = startService("scheduling-service", "bench.scheduling.jvm", infrastructure, List.of());
            awaitHttp(service + "/actuator/health/readiness", Duration.ofSeconds(120));
            String base = service + "/api/scheduling/v1";
            List<String> clinics = List.of("bench-miami", "bench-beverly-hills", "bench-chicago");
            String staff = TestIdentity.token().tenant("bench").locations(clinics.toArray(String[]::new)).roles("COORDINATOR", "ADMIN")
                    .lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            // the providers the scenario books, registered at every clinic: dr-free-0..49 for 50 bookings at once on
            // different slots, dr-race for 50 at once on one slot
            seedScheduling(http, base, staff, clinics, java.util.stream.Stream.of(
                    java.util.stream.Stream.of("dr-one", "dr-solo", "dr-race"),
                    java.util.stream.IntStream.range(0, 20).mapToObj(p -> "dr-" + p),
                    java.util.stream.IntStream.range(0, CLIENTS).mapToObj(p -> "dr-free-" + p)).flatMap(s -> s).toList());
            java.time.ZoneId zone = java.time.ZoneId.of("America/New_York");
            java.time.LocalDate first = java.time.LocalDate.now(zone).plusDays(2);
            // 200 bookings for one surgeon over 30 days (about 7 a day)
            for (int i = 0; i < 200; i++) {
                java.time.LocalDate day = first.plusDays(i / 7);
                Instant start = day.atTime(8 + (i % 7) * 1, 15 * (i % 4)).atZone(zone).toInstant();
                send(http, "POST", base + "/appointments", staff, booking("dr-one", "bench-miami", start));
            }
            String oneSurgeon = base + "/availability?appointmentTypeId=consultation&locationId=bench-miami&providerIds=dr-one&from="
                    + first + "&to=" + first.plusDays(29) + "&stepMinutes=15&limit=1000";
            Histogram single = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int i = 0; i < 120; i++) {
                long begin = System.nanoTime();
                send(http, "GET", oneSurgeon, staff, null);
                if (i >= 20) {
                    single.recordValue(System.nanoTime() - begin);
                }
            }
            Histogram wide = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            String everyone = String.join(",", java.util.stream.IntStream.range(0, 20).mapToObj(p -> "dr-" + p).toList());
            String nextAvailable = base + "/availability/next?appointmentTypeId=consultation&locationIds=" + String.join(",", clinics)
                    + "&providerIds=" + everyone + "&from=" + first + "&to=" + first.plusDays(6) + "&stepMinutes=15&limit=20";
            for (int round = 0; round < 120; round++) {
                long begin = System.nanoTime();
                send(http, "GET", nextAvailable, staff, null);
                if (round >= 20) {
                    wide.recordValue(System.nanoTime() - begin);
                }
            }
            // booking: one at a time on free slots
            Histogram alone = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int i = 0; i < 100; i++) {
                Instant start = first.plusDays(40 + i / 8).atTime(8 + i % 8, 0).atZone(zone).toInstant();
                long begin = System.nanoTime();
                send(http, "POST", base + "/appointments", staff, booking("dr-solo", "bench-miami", start));
                alone.recordValue(System.nanoTime() - begin);
            }
            // then rounds of 50 bookings sent at once, alternately on 50 different free slots (one provider each) and
            // all 50 racing for one slot (one provider): the same requests at the same concurrency, only the
            // contention differs. One round of each first warms up, unmeasured.
            Histogram distinct = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram contended = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            int rounds = 10;
            List<Map<Integer, Integer>> distinctAnswers = new ArrayList<>();
            List<Map<Integer, Integer>> racingAnswers = new ArrayList<>();
            List<Instant> distinctStarts = new ArrayList<>();
            List<Instant> racingStarts = new ArrayList<>();
            for (int round = -1; round < rounds; round++) {
                Instant free = first.plusDays(80 + round).atTime(10, 0).atZone(zone).toInstant();
                Map<Integer, Integer> answers = burst(http, base + "/appointments", staff, java.util.stream.IntStream.range(0, CLIENTS)
                        .mapToObj(c -> booking("dr-free-" + c, "bench-miami", free)).toList(), round < 0 ? null : distinct);
                Instant slot = first.plusDays(60 + round).atTime(10, 0).atZone(zone).toInstant();
                Map<Integer, Integer> race = burst(http, base + "/appointments", staff, java.util.stream.IntStream.range(0, CLIENTS)
                        .mapToObj(c -> booking("dr-race", "bench-miami", slot)).toList(), round < 0 ? null : contended);
                if (round >= 0) {
                    distinctAnswers.add(answers);
                    distinctStarts.add(free);
                    racingAnswers.add(race);
                    racingStarts.add(slot);
                }
            }
            Map<Instant, Long> storedDistinct;
            Map<Instant, Long> storedRacing;
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(infrastructure.mongoConnectionString())) {
                var appointments = mongo.getDatabase("liaison_scheduling").getCollection("appointments");
                storedDistinct = storedPerStart(appointments, java.util.stream.IntStream.range(0, CLIENTS).mapToObj(p -> "dr-free-" + p).toList());
                storedRacing = storedPerStart(appointments, List.of("dr-race"));
            }
            int distinctCreated = distinctAnswers.stream().mapToInt(a -> a.getOrDefault(201, 0)).sum();
            long distinctStored = distinctStarts.stream().mapToLong(s -> storedDistinct.getOrDefault(s, 0L)).sum();
            boolean distinctCorrect = distinctCreated == rounds * CLIENTS && distinctStarts.stream()
                    .allMatch(s -> storedDistinct.getOrDefault(s, 0L) == CLIENTS);
            List<Integer> wonPerRound = racingAnswers.stream().map(a -> a.getOrDefault(201, 0)).toList();
            List<Long> storedPerRound = racingStarts.stream().map(s -> storedRacing.getOrDefault(s, 0L)).toList();
            boolean racingCorrect = wonPerRound.stream().allMatch(w -> w == 1) && storedPerRound.stream().allMatch(s -> s == 1)
                    && racingAnswers.stream().allMatch(a -> a.getOrDefault(409, 0) == CLIENTS - 1);
            double goalRatio = round(ms(contended, 95) / Math.max(0.01, ms(distinct, 95)));
            double sequentialRatio = round(ms(contended, 95) / Math.max(0.01, ms(alone, 95)));

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("availabilityOneSurgeon30Days200BookingsMillis", Map.of("p50", ms(single, 50), "p95", ms(single, 95)));
            figures.put("nextAvailable20Providers3ClinicsMillis", Map.of("p50", ms(wide, 50), "p95", ms(wide, 95)));
            figures.put("bookingSequentialMillis", percentiles(alone));
            figures.put("booking50ConcurrentDistinctSlotsMillis", percentiles(distinct));
            figures.put("booking50WayContentionMillis", percentiles(contended));
            figures.put("p95RatioContendedToSameConcurrency", goalRatio);
            figures.put("p95RatioContendedToSequential", sequentialRatio);
            figures.put("rounds", rounds);
            figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAverage());
            Map<String, Object> distinctCheck = new LinkedHashMap<>();
            distinctCheck.put("answers", total(distinctAnswers));
            distinctCheck.put("stored", distinctStored);
            distinctCheck.put("correct", distinctCorrect);
            figures.put("distinctSlots", distinctCheck);
            Map<String, Object> racingCheck = new LinkedHashMap<>();
            racingCheck.put("answers", total(racingAnswers));
            racingCheck.put("wonPerRound", wonPerRound);
            racingCheck.put("storedPerRound", storedPerRound);
            racingCheck.put("correct", racingCorrect);
            figures.put("racing", racingCheck);
            report.put("scheduling", figures);
            markdown.append("## Scheduling\n\n| measure | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|\n")
                    .append("| availability, 1 surgeon × 30 days, 200 existing bookings | ").append(ms(single, 50)).append(" | ").append(ms(single, 95)).append(" | ").append(ms(single, 99)).append(" |\n")
                    .append("| next available, any of 20 providers × 3 clinics × 7 days (one call) | ").append(ms(wide, 50)).append(" | ").append(ms(wide, 95)).append(" | ").append(ms(wide, 99)).append(" |\n")
                    .append("| booking, one at a time (100, sequential) | ").append(ms(alone, 50)).append(" | ").append(ms(alone, 95)).append(" | ").append(ms(alone, 99)).append(" |\n")
                    .append("| booking, 50 at once on 50 different free slots (").append(rounds).append(" rounds) | ").append(ms(distinct, 50)).append(" | ").append(ms(distinct, 95)).append(" | ").append(ms(distinct, 99)).append(" |\n")
                    .append("| booking, 50 at once racing for the same slot (").append(rounds).append(" rounds) | ").append(ms(contended, 50)).append(" | ").append(ms(contended, 95)).append(" | ").append(ms(contended, 99)).append(" |\n\n")
                    .append("The goal compares booking under 50-way contention with uncontended booking. Read fairly, uncontended means "
                            + "the same 50 requests at once on 50 different free slots: on 2 cores 50 simultaneous requests mostly "
                            + "queue, so against one-at-a-time booking the ratio measures concurrency, not contention. The rounds "
                            + "alternate (one distinct-slot round, one racing round; one unmeasured round of each first); each "
                            + "request has its own patient and one provider, at the same clinic and type.\n\n")
                    .append("p95 ratio contended / uncontended at the same concurrency: **").append(goalRatio).append("** (goal ≤ 2: ")
                    .append(goalRatio <= 2 ? "met" : "missed").append("); contended / sequential: ").append(sequentialRatio).append(".\n\n")
                    .append("Correctness: different slots ").append(total(distinctAnswers)).append(" answers, ").append(distinctStored)
                    .append(" stored (must be ").append(rounds * CLIENTS).append(" × 201 and ").append(rounds * CLIENTS).append(" stored, ")
                    .append(CLIENTS).append(" per slot): ").append(distinctCorrect ? "correct" : "**WRONG**").append(". Racing ")
                    .append(total(racingAnswers)).append(" answers, won per round ").append(wonPerRound).append(", stored per round ")
                    .append(storedPerRound).append(" (must be exactly 1 each, the rest 409): ").append(racingCorrect ? "correct" : "**WRONG**")
                    .append(".\n\n")
                    .append("Goals: availability p95 ≤ 50 ms for one surgeon × 30 days, ≤ 200 ms for 20 providers × 3 clinics. ")
                    .append("Load average (1, 5, 15 min) before / after the scenario: ").append(figures.get("loadAverageBeforeAfter"))
                    .append(" (above the core count, other work shared the machine).\n\n");
            stopProcesses();
        }
    }

    /**
     * Busy is not down: 200 bookings sent at once through the gateway to one scheduling-service while busy threads
     * load the machine ({@code -Dbench.burst.busy-threads}, default 2), each on its own free slot with its own
     * Idempotency-Key. Then the database is read: a booking answered 201 must be stored, one answered 4xx, 429 or 503
     * must not be, and one answered 504 outcome-unknown is sent again with its key, whose answer must match.
     */
    private void burst() throws Exception {
        progress("burst: 200 bookings at once through the gateway to a running scheduling-service, the machine loaded");
        String loadBefore = loadAverage();
        int bookings = Integer.getInteger("bench.burst.bookings", 200);
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String service = startService("scheduling-service", "bench.scheduling.jvm", infrastructure, List.of());
            awaitHttp(service + "/actuator/health/readiness", Duration.ofSeconds(120));
            int gatewayPort = startGateway(Map.of("scheduling", service), infrastructure.mongoConnectionString(), List.of());
            String clinic = "bench-miami";
            String staff = TestIdentity.token().tenant("bench").locations(clinic).roles("COORDINATOR", "ADMIN")
                    .lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            int perProvider = 5;
            List<String> providers = java.util.stream.IntStream.range(0, (bookings + perProvider - 1) / perProvider)
                    .mapToObj(p -> "dr-burst-" + p).toList();
            seedScheduling(http, service + "/api/scheduling/v1", staff, List.of(clinic), providers);
            java.time.ZoneId zone = java.time.ZoneId.of("America/New_York");
            java.time.LocalDate day = java.time.LocalDate.now(zone).plusDays(3);
            record Booking(String key, String provider, Instant start, String body) {
            }
            List<Booking> all = new ArrayList<>();
            for (int i = 0; i < bookings; i++) {
                String provider = providers.get(i / perProvider);
                Instant start = day.atTime(8, 0).plusMinutes(75L * (i % perProvider)).atZone(zone).toInstant();
                all.add(new Booking(UUID.randomUUID().toString(), provider, start, booking(provider, clinic, start)));
            }
            String url = "http://127.0.0.1:" + gatewayPort + "/api/scheduling/v1/appointments";
            // a burst the gateway has not seen the like of: its first bookings are the burst itself
            java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Thread> burners = new ArrayList<>();
            for (int i = 0; i < Integer.getInteger("bench.burst.busy-threads", 2); i++) {
                burners.add(Thread.ofPlatform().daemon().start(() -> {
                    long spin = 0;
                    while (busy.get()) {
                        spin += System.nanoTime() % 7;
                    }
                    spun = spin;
                }));
            }
            Map<Booking, HttpResponse<String>> answers = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            long begin = System.nanoTime();
            for (Booking booking : all) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        answers.put(booking, sendKeyed(http, url, staff, booking.key(), booking.body()));
                    } catch (Exception e) {
                        // no answer: counted below
                    }
                }));
            }
            go.countDown();
            for (Thread client : clients) {
                client.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            String loadDuring = loadAverage();
            busy.set(false);
            Map<String, Integer> byAnswer = new java.util.TreeMap<>();
            all.forEach(booking -> byAnswer.merge(answerOf(answers.get(booking)), 1, Integer::sum));
            List<String> wrong = new ArrayList<>();
            int retriedUnknown = 0;
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(infrastructure.mongoConnectionString())) {
                var appointments = mongo.getDatabase("liaison_scheduling").getCollection("appointments");
                for (Booking booking : all) {
                    boolean stored = appointments.countDocuments(new org.bson.Document("providerIds", booking.provider())
                            .append("start", java.util.Date.from(booking.start()))
                            .append("status", new org.bson.Document("$ne", "CANCELLED"))) > 0;
                    if (!stored && appointments.countDocuments(new org.bson.Document("providerIds", booking.provider())
                            .append("start", booking.start().toString())) > 0) {
                        stored = true;
                    }
                    String answer = answerOf(answers.get(booking));
                    if (answer.equals("504 outcome-unknown")) {
                        retriedUnknown++;
                        answer = answerOf(sendKeyed(http, url, staff, booking.key(), booking.body()));
                    }
                    boolean saysDone = answer.startsWith("201");
                    if (saysDone != stored) {
                        wrong.add(booking.provider() + "@" + booking.start() + ": answered " + answer + ", stored " + stored);
                    }
                }
            }
            int unavailable = byAnswer.entrySet().stream().filter(e -> e.getKey().startsWith("503")).mapToInt(Map.Entry::getValue).sum();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("bookings", bookings);
            figures.put("answers", byAnswer);
            figures.put("seconds", round(seconds));
            figures.put("serviceUnavailable", unavailable);
            figures.put("answerNotMatchingTheDatabase", wrong);
            figures.put("outcomeUnknownRetried", retriedUnknown);
            figures.put("loadAverageBeforeDuringAfter", loadBefore + " / " + loadDuring + " / " + loadAverage());
            report.put("burst", figures);
            markdown.append("## Busy is not down: a burst of bookings through the gateway\n\n")
                    .append(bookings).append(" bookings sent at once through the gateway (its production flags and settings: a bulkhead "
                            + "of 100 per area, write limit 60 s) to one scheduling-service, each on its own free slot with its own "
                            + "Idempotency-Key, while ").append(Integer.getInteger("bench.burst.busy-threads", 2))
                    .append(" busy threads spin on the machine. Answers: ").append(byAnswer).append(" in ").append(round(seconds))
                    .append(" s. **").append(unavailable).append(" × 503** (goal 0). Against the database afterwards (a 504 "
                            + "outcome-unknown sent again with its key first: ").append(retriedUnknown).append("): ")
                    .append(wrong.isEmpty() ? "every answer matches what is stored (201 stored, 4xx/429 not)." : "**" + wrong.size()
                            + " answers do not match what is stored**: " + wrong.subList(0, Math.min(5, wrong.size())))
                    .append("\n\nLoad average (1, 5, 15 min) before / at the end of the burst / after: ").append(loadBefore).append(" / ")
                    .append(loadDuring).append(" / ").append(loadAverage()).append(".\n\n");
            stopProcesses();
        }
    }

    /** Where the busy threads leave their sum, so their loop is not optimised away. */
    private static volatile long spun;

    private static HttpResponse<String> sendKeyed(HttpClient http, String url, String token, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Idempotency-Key", key).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "201", "429 service-busy", "504 outcome-unknown", ... or "no answer". */
    private static String answerOf(HttpResponse<String> answer) {
        if (answer == null) {
            return "no answer";
        }
        String body = answer.body() == null ? "" : answer.body();
        int type = body.indexOf("/problems/");
        if (answer.statusCode() < 400 || type < 0) {
            return String.valueOf(answer.statusCode());
        }
        int end = body.indexOf('"', type);
        return answer.statusCode() + " " + body.substring(type + "/problems/".length(), end < 0 ? body.length() : end);
    }

    /**
     * Booking and availability against a calendar with five years of history next to an empty one: the history
     * (20 appointments a day, 08:00–18:00 New York) is written straight into {@code resource_calendar_days}, the
     * format the service keeps, then both providers are measured request by request in turn, so a shared
     * machine's load weighs on both alike.
     */
    private void calendarHistory() throws Exception {
        progress("calendar-history: booking and availability, five years of history vs an empty calendar");
        String loadBefore = loadAverage();
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String base = startScheduling(infrastructure);
            String clinic = "bench-miami";
            String staff = TestIdentity.token().tenant("bench").locations(clinic).roles("COORDINATOR", "ADMIN")
                    .lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            seedScheduling(http, base, staff, List.of(clinic), List.of("dr-history", "dr-empty"));
            java.time.ZoneId zone = java.time.ZoneId.of("America/New_York");
            java.time.LocalDate today = java.time.LocalDate.now(zone);
            int historyDays = 5 * 365;
            long written = 0;
            long seedBegin = System.nanoTime();
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(infrastructure.mongoConnectionString())) {
                var days = mongo.getDatabase("liaison_scheduling").getCollection("resource_calendar_days");
                List<org.bson.Document> batch = new ArrayList<>();
                Map<java.time.LocalDate, List<org.bson.Document>> byUtcDay = new java.util.TreeMap<>();
                for (int d = historyDays; d >= 1; d--) {
                    java.time.LocalDate day = today.minusDays(d);
                    for (int a = 0; a < 20; a++) {
                        // 20 half-hour visits a day from 08:00, each busy 30 min
                        Instant start = day.atTime(8, 0).plusMinutes(30L * a).atZone(zone).toInstant();
                        Instant end = start.plus(Duration.ofMinutes(30));
                        String id = "hist-" + d + "-" + a;
                        org.bson.Document entry = new org.bson.Document("appointmentId", id)
                                .append("claimId", id + "@" + start.getEpochSecond())
                                .append("start", java.util.Date.from(start)).append("end", java.util.Date.from(end));
                        for (java.time.LocalDate utc = start.atOffset(java.time.ZoneOffset.UTC).toLocalDate();
                             !utc.isAfter(end.minusNanos(1).atOffset(java.time.ZoneOffset.UTC).toLocalDate()); utc = utc.plusDays(1)) {
                            byUtcDay.computeIfAbsent(utc, k -> new ArrayList<>()).add(entry);
                        }
                        written++;
                    }
                }
                for (Map.Entry<java.time.LocalDate, List<org.bson.Document>> day : byUtcDay.entrySet()) {
                    batch.add(new org.bson.Document("_id", "bench|dr-history|" + day.getKey()).append("tenantId", "bench")
                            .append("resourceId", "dr-history").append("day", day.getKey().toString()).append("busy", day.getValue()));
                    if (batch.size() == 500) {
                        days.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    days.insertMany(batch);
                }
            }
            double seedSeconds = round((System.nanoTime() - seedBegin) / 1e9);
            java.time.LocalDate first = today.plusDays(2);
            Map<String, Histogram> availability = new LinkedHashMap<>();
            Map<String, Histogram> booking = new LinkedHashMap<>();
            List<String> providers = List.of("dr-history", "dr-empty");
            for (String provider : providers) {
                availability.put(provider, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
                booking.put(provider, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
            }
            int measured = Integer.getInteger("bench.calendar-history.requests", 300);
            int warmup = 40;
            for (int i = 0; i < warmup + measured; i++) {
                for (String provider : providers) {
                    String url = base + "/availability?appointmentTypeId=consultation&locationId=" + clinic + "&providerIds=" + provider
                            + "&from=" + first + "&to=" + first.plusDays(29) + "&stepMinutes=15&limit=1000";
                    long begin = System.nanoTime();
                    send(http, "GET", url, staff, null);
                    if (i >= warmup) {
                        availability.get(provider).recordValue(System.nanoTime() - begin);
                    }
                }
            }
            int conflicts = 0;
            for (int i = 0; i < warmup + measured; i++) {
                // 90 minutes apart: a consultation and its turnover take 75
                Instant start = first.plusDays(i / 6).atTime(8, 0).plusMinutes(90L * (i % 6)).atZone(zone).toInstant();
                for (String provider : providers) {
                    long begin = System.nanoTime();
                    int status = sendStatus(http, "POST", base + "/appointments", staff, booking(provider, clinic, start));
                    if (status != 201) {
                        conflicts++;
                    }
                    if (i >= warmup) {
                        booking.get(provider).recordValue(System.nanoTime() - begin);
                    }
                }
            }
            double availabilityRatio = round(ms(availability.get("dr-history"), 95) / Math.max(0.01, ms(availability.get("dr-empty"), 95)));
            double bookingRatio = round(ms(booking.get("dr-history"), 95) / Math.max(0.01, ms(booking.get("dr-empty"), 95)));
            String loadAfter = loadAverage();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("historyIntervals", written);
            figures.put("historySeedSeconds", seedSeconds);
            for (String provider : providers) {
                figures.put("availability30Days_" + provider + "_Millis", percentiles(availability.get(provider)));
                figures.put("booking_" + provider + "_Millis", percentiles(booking.get(provider)));
            }
            figures.put("p95RatioAvailabilityHistoryToEmpty", availabilityRatio);
            figures.put("p95RatioBookingHistoryToEmpty", bookingRatio);
            figures.put("bookingsNot201", conflicts);
            figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAfter);
            report.put("calendarHistory", figures);
            markdown.append("## Scheduling: calendars with five years of history\n\n")
                    .append("Provider `dr-history` has ").append(written).append(" past appointments (20 a day for five years, "
                            + "written straight into MongoDB in the per-day calendar format in ").append(seedSeconds)
                    .append(" s); `dr-empty` has none. Requests alternate between the two (").append(measured).append(" measured each, after ")
                    .append(warmup).append(" unmeasured); "
                            + "availability is 30 days with 15-minute steps, booking one at a time on free slots.\n\n")
                    .append("| measure | provider | p50 ms | p95 ms | p99 ms |\n|---|---|---:|---:|---:|\n");
            for (String provider : providers) {
                markdown.append("| availability, 30 days | ").append(provider).append(" | ").append(ms(availability.get(provider), 50))
                        .append(" | ").append(ms(availability.get(provider), 95)).append(" | ").append(ms(availability.get(provider), 99)).append(" |\n");
            }
            for (String provider : providers) {
                markdown.append("| booking, sequential | ").append(provider).append(" | ").append(ms(booking.get(provider), 50))
                        .append(" | ").append(ms(booking.get(provider), 95)).append(" | ").append(ms(booking.get(provider), 99)).append(" |\n");
            }
            markdown.append("\np95 ratio history / empty: availability **").append(availabilityRatio).append("**, booking **")
                    .append(bookingRatio).append("** (goal ≤ 1.2: ").append(availabilityRatio <= 1.2 && bookingRatio <= 1.2 ? "met" : "missed")
                    .append("). Bookings not answered 201: ").append(conflicts).append(" (must be 0). Load average (1, 5, 15 min) before / after: ")
                    .append(loadBefore).append(" / ").append(loadAfter).append(".\n\n");
            stopProcesses();
        }
    }

    /**
     * Reserving from a stock bucket with a million movements next to one without history. The movements are written
     * straight into {@code stock_movements} (the service's format: one document per movement, decided, numbered by
     * the bucket's sequence number) in a MongoDB wire server of its own process (a million documents do not fit this
     * runner's heap); reservations of one unit alternate between the two buckets.
     */
    private void stockHistory() throws Exception {
        progress("stock-history: reserving from a bucket with 1,000,000 movements vs one without history");
        String loadBefore = loadAverage();
        int movementCount = Integer.getInteger("bench.stock-history.movements", 1_000_000);
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String mongoUri = startMongoWireServer("-Xmx6g");
            String base = startInventory(infrastructure, mongoUri, List.of());
            String clinic = "bench-miami";
            String staff = TestIdentity.token().tenant("bench").locations(clinic).roles("INVENTORY", "ADMIN").lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            for (String sku : List.of("SUT-HISTORY", "SUT-EMPTY")) {
                send(http, "PUT", base + "/items/" + sku, staff, "{\"name\":\"" + sku + "\",\"category\":\"DISPOSABLE\",\"unit\":\"each\","
                        + "\"unitsPerPack\":1,\"tracking\":\"NONE\",\"expires\":false,\"manufacturer\":\"Ethicon\"}");
            }
            // the empty bucket through the API (one receipt); the busy one written straight into MongoDB
            send(http, "POST", base + "/stock/receipts", staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"SUT-EMPTY\",\"quantity\":100000}");
            String busy = "bench|" + clinic + "|main|SUT-HISTORY|-";
            long seedBegin = System.nanoTime();
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(mongoUri)) {
                var db = mongo.getDatabase("liaison_inventory");
                var movements = db.getCollection("stock_movements");
                java.util.Date at = java.util.Date.from(Instant.now().minus(Duration.ofDays(3 * 365)));
                List<org.bson.Document> batch = new ArrayList<>();
                int pairs = (movementCount - 1) / 2;
                for (int seq = 1; seq <= movementCount; seq++) {
                    String type;
                    String reference;
                    if (seq == 1) {
                        type = "RECEIVE";
                        reference = "po:bench";
                    } else {
                        // reserved for a case, then consumed or released, case after case
                        int n = (seq - 2) / 2;
                        type = (seq % 2 == 0) ? "RESERVE" : "RELEASE";
                        reference = "case:hist-" + n;
                    }
                    String movementId = type.toLowerCase() + ":" + reference + ":" + seq;
                    batch.add(new org.bson.Document("_id", busy + "|" + movementId).append("movementId", movementId).append("bucketId", busy)
                            .append("tenantId", "bench").append("type", type).append("quantity", seq == 1 ? 2_000_000 : 1)
                            .append("reference", reference).append("at", at).append("by", "inv-1").append("state", "APPLIED").append("seq", (long) seq));
                    if (batch.size() == 10_000) {
                        movements.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    movements.insertMany(batch);
                }
                int heldAtEnd = movementCount - 1 - 2 * pairs; // an odd last RESERVE still holds its unit
                db.getCollection("stock").insertOne(new org.bson.Document("_id", busy).append("tenantId", "bench").append("locationId", clinic)
                        .append("place", "main").append("sku", "SUT-HISTORY").append("lot", null).append("serial", null).append("expiresOn", null)
                        .append("quarantined", false).append("onHand", 2_000_000).append("reserved", heldAtEnd).append("available", 2_000_000 - heldAtEnd)
                        .append("seq", (long) movementCount).append("receivedAt", at).append("_v", (long) movementCount));
            }
            double seedSeconds = round((System.nanoTime() - seedBegin) / 1e9);
            Map<String, Histogram> reserve = new LinkedHashMap<>();
            List<String> skus = List.of("SUT-HISTORY", "SUT-EMPTY");
            skus.forEach(sku -> reserve.put(sku, new Histogram(TimeUnit.SECONDS.toNanos(60), 3)));
            int measured = Integer.getInteger("bench.stock-history.requests", 500);
            int warmup = 100;
            int not201 = 0;
            for (int i = 0; i < warmup + measured; i++) {
                for (String sku : skus) {
                    long begin = System.nanoTime();
                    int status = sendStatus(http, "POST", base + "/stock/reservations", staff, "{\"locationId\":\"" + clinic + "\",\"sku\":\"" + sku
                            + "\",\"quantity\":1,\"reference\":\"bench-" + i + "\"}");
                    if (i >= warmup) {
                        reserve.get(sku).recordValue(System.nanoTime() - begin);
                    }
                    if (status != 201) {
                        not201++;
                    }
                }
            }
            long historyMovements;
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(mongoUri)) {
                historyMovements = mongo.getDatabase("liaison_inventory").getCollection("stock_movements")
                        .countDocuments(new org.bson.Document("bucketId", busy));
            }
            double p95 = ms(reserve.get("SUT-HISTORY"), 95);
            double ratio = round(p95 / Math.max(0.01, ms(reserve.get("SUT-EMPTY"), 95)));
            String loadAfter = loadAverage();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("movementsInBusyBucket", historyMovements);
            figures.put("seedSeconds", seedSeconds);
            figures.put("reserve_history_Millis", percentiles(reserve.get("SUT-HISTORY")));
            figures.put("reserve_empty_Millis", percentiles(reserve.get("SUT-EMPTY")));
            figures.put("p95RatioHistoryToEmpty", ratio);
            figures.put("reservationsNot201", not201);
            figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAfter);
            report.put("stockHistory", figures);
            markdown.append("## Inventory: reserving from a bucket with a million movements\n\n")
                    .append("Bucket `SUT-HISTORY` has ").append(historyMovements).append(" movements (written straight into MongoDB in the "
                            + "service's format in ").append(seedSeconds).append(" s); `SUT-EMPTY` has one receipt. Reservations of one unit "
                            + "alternate between the two (").append(measured).append(" measured each, after ").append(warmup).append(" unmeasured).\n\n")
                    .append("| bucket | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|\n");
            for (String sku : skus) {
                markdown.append("| ").append(sku).append(" | ").append(ms(reserve.get(sku), 50)).append(" | ").append(ms(reserve.get(sku), 95))
                        .append(" | ").append(ms(reserve.get(sku), 99)).append(" |\n");
            }
            markdown.append("\nReserve p95 with a million movements: **").append(p95).append(" ms** (goal ≤ 20 ms: ")
                    .append(p95 <= 20 ? "met" : "missed").append("); p95 ratio history / empty ").append(ratio)
                    .append(". Reservations not answered 201: ").append(not201).append(" (must be 0). Load average (1, 5, 15 min) before / after: ")
                    .append(loadBefore).append(" / ").append(loadAfter).append(".\n\n");
            stopProcesses();
        }
    }

    /**
     * One expiry sweep over 100,000 stock buckets: written straight into {@code stock} (counters only, the service's
     * format) with 2% of the lots on hand within 90 days of expiry, 0.5% expired and 30% empty; the service then sweeps
     * after 10 s and again 30 s after that, and each sweep's duration is read from the service's
     * {@code tasks.scheduled.execution} timer (its Prometheus scrape). The first sweep tells every lot due and
     * quarantines the expired ones; the second finds everything told already (the steady state of an hourly sweep).
     */
    private void expirySweep() throws Exception {
        progress("expiry-sweep: one expiry sweep over 100,000 stock buckets");
        String loadBefore = loadAverage();
        int bucketCount = Integer.getInteger("bench.expiry-sweep.buckets", 100_000);
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String mongoUri = startMongoWireServer("-Xmx2g");
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            int due = 0;
            int expired = 0;
            int empty = 0;
            long seedBegin = System.nanoTime();
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(mongoUri)) {
                var stock = mongo.getDatabase("liaison_inventory").getCollection("stock");
                List<org.bson.Document> batch = new ArrayList<>();
                for (int i = 0; i < bucketCount; i++) {
                    String clinic = "bench-clinic-" + (i % 20);
                    String sku = "FILL-" + (i % 500);
                    String lot = "L" + i;
                    java.time.LocalDate expiresOn;
                    int onHand = 10;
                    if (i % 1000 < 5) {
                        expiresOn = today.minusDays(1 + i % 30);
                        expired++;
                    } else if (i % 1000 < 25) {
                        expiresOn = today.plusDays(1 + i % 89);
                        due++;
                    } else {
                        expiresOn = today.plusDays(120 + i % 1500);
                        if (i % 10 < 3) {
                            onHand = 0;
                            empty++;
                        }
                    }
                    batch.add(new org.bson.Document("_id", "bench|" + clinic + "|main|" + sku + "|" + lot).append("tenantId", "bench")
                            .append("locationId", clinic).append("place", "main").append("sku", sku).append("lot", lot).append("serial", null)
                            .append("expiresOn", expiresOn.toString()).append("quarantined", false).append("onHand", onHand).append("reserved", 0)
                            .append("available", onHand).append("seq", 1L).append("receivedAt", java.util.Date.from(Instant.now())).append("_v", 1L));
                    if (batch.size() == 10_000) {
                        stock.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    stock.insertMany(batch);
                }
            }
            double seedSeconds = round((System.nanoTime() - seedBegin) / 1e9);
            String base = startInventory(infrastructure, mongoUri, List.of("--liaison.inventory.expiry-sweep-interval=PT30S",
                    "--liaison.inventory.expiry-sweep-initial-delay=PT10S"));
            String service = base.substring(0, base.indexOf("/api/"));
            HttpClient http = HttpClient.newHttpClient();
            double[] first = awaitSweeps(http, service, 1, Duration.ofMinutes(5));
            double[] second = awaitSweeps(http, service, 2, Duration.ofMinutes(5));
            double firstSeconds = round(first[1]);
            double secondSeconds = round(second[1] - first[1]);
            long quarantined;
            long notices;
            String plan;
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(mongoUri)) {
                var db = mongo.getDatabase("liaison_inventory");
                quarantined = db.getCollection("stock").countDocuments(new org.bson.Document("quarantined", true));
                notices = db.getCollection("expiry_notices").countDocuments();
                plan = sweepPlan(db, today);
            }
            String loadAfter = loadAverage();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("buckets", bucketCount);
            figures.put("dueWithin90Days", due);
            figures.put("expired", expired);
            figures.put("empty", empty);
            figures.put("seedSeconds", seedSeconds);
            figures.put("firstSweepSeconds", firstSeconds);
            figures.put("secondSweepSeconds", secondSeconds);
            figures.put("quarantinedAfter", quarantined);
            figures.put("noticesAfter", notices);
            figures.put("queryPlan", plan);
            figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAfter);
            report.put("expirySweep", figures);
            markdown.append("## Inventory: one expiry sweep over ").append(bucketCount).append(" stock buckets\n\n")
                    .append(due).append(" lots within 90 days of expiry, ").append(expired).append(" expired, ").append(empty)
                    .append(" empty (written straight into MongoDB in ").append(seedSeconds).append(" s). First sweep (tells and quarantines): **")
                    .append(firstSeconds).append(" s**; second (everything told already): **").append(secondSeconds).append(" s** (goal ≤ 5 s: ")
                    .append(Math.max(firstSeconds, secondSeconds) <= 5 ? "met" : "missed").append("). Quarantined after: ").append(quarantined)
                    .append(" (must be ").append(expired).append("), notices: ").append(notices).append(" (must be ").append(due)
                    .append("). The sweep's query plan: ").append(plan).append(". Load average (1, 5, 15 min) before / after: ")
                    .append(loadBefore).append(" / ").append(loadAfter).append(".\n\n");
            stopProcesses();
        }
    }

    /** The winning plan of the sweep's query as the database explains it (mongo-java-server explains nothing). */
    private static String sweepPlan(com.mongodb.client.MongoDatabase db, java.time.LocalDate today) {
        org.bson.Document query = new org.bson.Document("onHand", new org.bson.Document("$gt", 0)).append("quarantined", false)
                .append("expiresOn", new org.bson.Document("$ne", null).append("$lte", today.plusDays(90).toString()));
        try {
            org.bson.Document explained = db.runCommand(new org.bson.Document("explain", new org.bson.Document("find", "stock").append("filter", query)));
            Object winning = explained.get("queryPlanner", org.bson.Document.class) == null ? explained
                    : explained.get("queryPlanner", org.bson.Document.class).get("winningPlan");
            return String.valueOf(winning);
        } catch (RuntimeException e) {
            return "not explained by this database (" + e.getClass().getSimpleName() + "); on MongoDB it is the partial index expiry_due";
        }
    }

    /** Waits until the service's expiry sweep ran {@code count} times; answers {count, total seconds}. */
    private static double[] awaitSweeps(HttpClient http, String service, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double runs = 0;
            double seconds = 0;
            for (String line : scrape.body().split("\n")) {
                if (line.startsWith("tasks_scheduled_execution_seconds") && line.contains("code_function=\"sweep\"")
                        && line.contains("ExpirySweeper")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("tasks_scheduled_execution_seconds_count")) {
                        runs += value;
                    } else if (line.startsWith("tasks_scheduled_execution_seconds_sum")) {
                        seconds += value;
                    }
                }
            }
            if (runs >= count) {
                return new double[]{runs, seconds};
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The expiry sweep did not run " + count + " times within " + timeout + "; see " + LOGS);
    }

    /** A MongoDB wire server (mongo-java-server, in memory) in its own process with the given heap; answers its URI. */
    private String startMongoWireServer(String heap) throws Exception {
        int mongoPort = freePort();
        start("mongo-wire-server", javaWithClasspath(List.of(heap, "-XX:+UseParallelGC", MongoWireServer.class.getName(),
                String.valueOf(mongoPort))), Map.of());
        awaitPort(mongoPort, Duration.ofSeconds(30));
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** Starts inventory-service on the infrastructure's broker and the given MongoDB; answers its API's base URL once ready. */
    private String startInventory(InProcessInfrastructure infrastructure, String mongoUri, List<String> args) throws Exception {
        String service = startService("inventory-service", "bench.inventory.jvm", infrastructure, mongoUri, args);
        awaitHttp(service + "/actuator/health/readiness", Duration.ofSeconds(120));
        return service + "/api/inventory/v1";
    }

    /** Starts scheduling-service on the infrastructure, waits until it is ready and answers its API's base URL. */
    private String startScheduling(InProcessInfrastructure infrastructure) throws Exception {
        String service = startService("scheduling-service", "bench.scheduling.jvm", infrastructure, List.of());
        awaitHttp(service + "/actuator/health/readiness", Duration.ofSeconds(120));
        return service + "/api/scheduling/v1";
    }

    /** Concurrent clients of the booking scenarios. */
    private static final int CLIENTS = 50;

    /**
     * Sends every body at once, each from its own virtual thread released by one latch; records each latency in
     * {@code latency} (unless null: a warm-up) and answers how many of each status came back (-1: no answer).
     */
    private static Map<Integer, Integer> burst(HttpClient http, String url, String token, List<String> bodies,
                                               Histogram latency) throws InterruptedException {
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (String body : bodies) {
            clients.add(Thread.ofVirtual().start(() -> {
                int status = -1;
                try {
                    go.await();
                    long begin = System.nanoTime();
                    status = sendStatus(http, "POST", url, token, body);
                    if (latency != null) {
                        synchronized (latency) {
                            latency.recordValue(System.nanoTime() - begin);
                        }
                    }
                } catch (Exception e) {
                    // counted as no answer
                }
                statuses.merge(status, 1, Integer::sum);
            }));
        }
        go.countDown();
        for (Thread client : clients) {
            client.join();
        }
        return statuses;
    }

    /** How many appointments are stored per start time for any of these providers. */
    private static Map<Instant, Long> storedPerStart(com.mongodb.client.MongoCollection<org.bson.Document> appointments,
                                                     List<String> providers) {
        Map<Instant, Long> stored = new java.util.TreeMap<>();
        for (org.bson.Document appointment : appointments.find(new org.bson.Document("providerIds", new org.bson.Document("$in", providers)))) {
            Object start = appointment.get("start");
            Instant at = start instanceof java.util.Date date ? date.toInstant() : Instant.parse(String.valueOf(start));
            stored.merge(at, 1L, Long::sum);
        }
        return stored;
    }

    /** The statuses of all rounds added up, e.g. {201=500}. */
    private static Map<Integer, Integer> total(List<Map<Integer, Integer>> rounds) {
        Map<Integer, Integer> total = new java.util.TreeMap<>();
        rounds.forEach(round -> round.forEach((status, count) -> total.merge(status, count, Integer::sum)));
        return total;
    }

    private static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p50", ms(histogram, 50));
        figures.put("p95", ms(histogram, 95));
        figures.put("p99", ms(histogram, 99));
        figures.put("max", round(histogram.getMaxValue() / 1e6));
        return figures;
    }

    /**
     * Starts one service's exec jar on the scenario's broker and MongoDB, with the test identity's issuer; its JVM
     * options come from the system property {@code jvmProperty} (e.g. {@code -Dbench.scheduling.jvm="-XX:StartFlightRecording=..."}).
     * Answers its base URL; the caller awaits its readiness.
     */
    private String startService(String module, String jvmProperty, InProcessInfrastructure infrastructure, List<String> args)
            throws IOException {
        return startService(module, jvmProperty, infrastructure, infrastructure.mongoConnectionString(), args);
    }

    /** {@link #startService(String, String, InProcessInfrastructure, List)} on another MongoDB than the infrastructure's. */
    private String startService(String module, String jvmProperty, InProcessInfrastructure infrastructure, String mongoUri,
                                List<String> args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java(), productionJvmOptions(), "-Xmx256m"));
        String jvm = System.getProperty(jvmProperty, "");
        if (!jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar(module).toString(),
                "--server.port=" + port, "--spring.mongodb.uri=" + mongoUri,
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentity.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIdentity.jwkSetUri(),
                "--management.tracing.sampling.probability=0.1"));
        command.addAll(args);
        start(module, command, Map.of("LIAISON_LOG_FORMAT", ""));
        return "http://127.0.0.1:" + port;
    }

    /** The consultation type (60 min + 15 min turnover), clinics open 08:00–18:00 every day in New York, providers at every clinic. */
    private static void seedScheduling(HttpClient http, String base, String staff, List<String> clinics, List<String> providers)
            throws Exception {
        send(http, "PUT", base + "/appointment-types/consultation", staff,
                "{\"name\":\"Consultation\",\"category\":\"CONSULTATION\",\"durationMinutes\":60,\"setupMinutes\":0,\"turnoverMinutes\":15}");
        for (String clinic : clinics) {
            StringBuilder hours = new StringBuilder();
            for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
                hours.append(hours.isEmpty() ? "" : ",").append("\"").append(day).append("\":[{\"opens\":\"08:00\",\"closes\":\"18:00\"}]");
            }
            send(http, "PUT", base + "/locations/" + clinic, staff,
                    "{\"name\":\"" + clinic + "\",\"zoneId\":\"America/New_York\",\"hours\":{" + hours + "}}");
        }
        for (String provider : providers) {
            send(http, "PUT", base + "/resources/" + provider, staff, "{\"kind\":\"PROVIDER\",\"role\":\"SURGEON\",\"name\":\""
                    + provider + "\",\"locationIds\":[\"" + String.join("\",\"", clinics) + "\"]}");
        }
    }

    /** Reminders notification-service plans per booking far enough ahead: its default offsets (7 days, 48 h, 2 h) × email and SMS. */
    private static final int REMINDERS_PER_BOOKING = 6;

    private void events() throws Exception {
        progress("events: booked in scheduling-service → reminders scheduled by notification-service, beside a raw Kafka round trip");
        int bookings = Integer.getInteger("bench.events.bookings", 200);
        int rate = Integer.getInteger("bench.events.rate", 10);
        int pollMillis = Integer.getInteger("bench.events.poll-millis", 5);
        String loadBefore = loadAverage();
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String scheduling = startService("scheduling-service", "bench.scheduling.jvm", infrastructure, List.of());
            // planning reminders needs nothing from records (contacts, consent and quiet hours are looked at when a
            // message is sent); records on a closed port makes the dispatcher's sends of the confirmations fail fast
            // and wait for a retry, as when records is down
            String notifications = startService("notification-service", "bench.notifications.jvm", infrastructure, List.of(
                    "--liaison.records.base-url=http://127.0.0.1:" + freePort(), "--liaison.records.token=bench-unused",
                    "--liaison.notifications.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-bench-keys"));
            awaitHttp(scheduling + "/actuator/health/readiness", Duration.ofSeconds(120));
            awaitHttp(notifications + "/actuator/health/readiness", Duration.ofSeconds(120));
            // a clinic notification-service knows (its zone and senders), of the practice group it belongs to
            String clinic = "aurora-miami";
            String staff = TestIdentity.token().tenant("aurora").locations(clinic).roles("COORDINATOR", "ADMIN")
                    .lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            List<String> providers = java.util.stream.IntStream.range(0, 20).mapToObj(p -> "dr-" + p).toList();
            seedScheduling(http, scheduling + "/api/scheduling/v1", staff, List.of(clinic), providers);
            java.time.ZoneId zone = java.time.ZoneId.of("America/New_York");
            java.time.LocalDate first = java.time.LocalDate.now(zone).plusDays(14);
            // every booking its own slot (provider × day at 10:00), two weeks ahead or more: all three reminders are due later
            java.util.function.IntFunction<Instant> slot = i -> first.plusDays(i / providers.size()).atTime(10, 0).atZone(zone).toInstant();
            java.util.function.IntFunction<String> provider = i -> providers.get(i % providers.size());
            int warmups = 10;
            for (int i = 0; i < warmups; i++) {
                // until the listener has its partitions, and to warm up both services: one at a time, unmeasured
                String patient = "bench-" + UUID.randomUUID();
                if (sendStatus(http, "POST", scheduling + "/api/scheduling/v1/appointments", staff,
                        booking(patient, provider.apply(i), clinic, slot.apply(i))) != 201) {
                    throw new IllegalStateException("a warm-up booking was refused; see " + LOGS);
                }
                if (awaitReminders(http, notifications, staff, patient, pollMillis, Duration.ofSeconds(60)) == null) {
                    throw new IllegalStateException("notification-service planned no reminders within 60 s; see " + LOGS);
                }
            }
            progress("events: " + bookings + " bookings at " + rate + "/s, reminders polled every " + pollMillis + " ms");
            Histogram bookedToScheduled = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram answered = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            List<Long> toPlanningMicros = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Long> planningToSeenMicros = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger missing = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger mostPending = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(bookings);
            // one poller over every pending booking (not one per booking: were planning to fall behind, polls per
            // booking would multiply and slow down what they measure); a round visits each pending booking once and
            // starts every pollMillis at most
            record Pending(long committed, Instant committedAt) {
            }
            Map<String, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();
            Thread poller = Thread.ofPlatform().name("reminder-poller").start(() -> {
                while (done.getCount() > 0) {
                    long round = System.nanoTime();
                    mostPending.accumulateAndGet(pending.size(), Math::max);
                    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
                        Pending booking = entry.getValue();
                        Instant planned;
                        try {
                            planned = remindersPlanned(http, notifications, staff, entry.getKey());
                        } catch (Exception e) {
                            planned = null;
                        }
                        long seen = System.nanoTime();
                        if (planned != null) {
                            Instant seenAt = Instant.now();
                            bookedToScheduled.recordValue(seen - booking.committed());
                            toPlanningMicros.add(Duration.between(booking.committedAt(), planned).toNanos() / 1000);
                            planningToSeenMicros.add(Duration.between(planned, seenAt).toNanos() / 1000);
                        } else if (seen - booking.committed() > TimeUnit.SECONDS.toNanos(30)) {
                            missing.incrementAndGet();
                        } else {
                            continue;
                        }
                        pending.remove(entry.getKey());
                        done.countDown();
                    }
                    long wait = round + TimeUnit.MILLISECONDS.toNanos(pollMillis) - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            });
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long begin = System.nanoTime();
            for (int n = 0; n < bookings; n++) {
                int i = warmups + n;
                long intended = begin + n * interval;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                Thread.ofVirtual().start(() -> {
                    String patient = "bench-" + UUID.randomUUID();
                    int status;
                    try {
                        status = sendStatus(http, "POST", scheduling + "/api/scheduling/v1/appointments", staff,
                                booking(patient, provider.apply(i), clinic, slot.apply(i)));
                    } catch (Exception e) {
                        status = -1;
                    }
                    long committed = System.nanoTime();
                    Instant committedAt = Instant.now();
                    synchronized (answered) {
                        answered.recordValue(Math.max(0, committed - intended));
                    }
                    if (status == 201) {
                        pending.put(patient, new Pending(committed, committedAt));
                    } else {
                        refused.incrementAndGet();
                        done.countDown();
                    }
                });
            }
            done.await(bookings / rate + 90, TimeUnit.SECONDS);
            poller.join(TimeUnit.SECONDS.toMillis(5));
            progress("events: raw Kafka produce → consume round trip on the same broker");
            Map<String, Object> roundTrip = kafkaRoundTrip(infrastructure.kafkaBootstrapServers());

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("bookings", bookings);
            figures.put("ratePerSecond", rate);
            figures.put("pollMillis", pollMillis);
            figures.put("observedBy", "GET /api/notifications/v1/patients/{patientId}/messages shows all " + REMINDERS_PER_BOOKING + " reminders");
            figures.put("bookedToRemindersScheduledMillis", percentiles(bookedToScheduled));
            figures.put("answeredToPlanningStartedMillis", percentiles(toPlanningMicros));
            figures.put("planningStartedToSeenMillis", percentiles(planningToSeenMicros));
            figures.put("bookingAnswerFromIntendedStartMillis", percentiles(answered));
            figures.put("refusedBookings", refused.get());
            figures.put("remindersNotSeenWithin30s", missing.get());
            figures.put("mostBookingsPendingAtOnce", mostPending.get());
            figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAverage());
            figures.put("kafkaRoundTripSameBroker", roundTrip);
            report.put("events", figures);
            double p99 = ms(bookedToScheduled, 99);
            markdown.append("## Events: booked → reminders scheduled\n\n")
                    .append(bookings).append(" bookings at ").append(rate).append("/s (a fixed rate, each sent at its intended time "
                            + "from its own virtual thread) to scheduling-service; notification-service, a separate process on the same "
                            + "in-process KRaft broker and MongoDB, plans each one's confirmations and reminders. Measured from the "
                            + "booking's 201 (the appointment and its AppointmentBooked are then committed, in one write with the "
                            + "outbox) until `GET /api/notifications/v1/patients/{id}/messages` shows all ")
                    .append(REMINDERS_PER_BOOKING).append(" reminders (3 offsets × email and SMS; the plan's last writes), looked for by one poller that visits every "
                            + "pending booking in turn, a round starting every ").append(pollMillis).append(" ms at most (at most ")
                    .append(mostPending.get()).append(" bookings were pending at once). Nothing is subtracted: the figure includes the outbox relay "
                            + "(woken by the commit, else polling every 500 ms), the produce (acks=all), the listener's fetch, the "
                            + "inbox's duplicate check, the 8 message writes and their record, the poll's resolution (one round: ")
                    .append(pollMillis).append(" ms or the time to visit every pending booking, if longer) and one GET. The split uses notification-service's `createdAt` of the messages "
                            + "(when it started planning; MongoDB keeps milliseconds, same machine clock). ").append(warmups)
                    .append(" bookings first, one at a time and unmeasured, until the listener has its partitions.\n\n")
                    .append("| measure | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n")
                    .append(row("**booked (201) → reminders scheduled (seen)**", percentiles(bookedToScheduled)))
                    .append(row("… of which 201 → notification-service starts planning", percentiles(toPlanningMicros)))
                    .append(row("… of which planning started → seen by the poll", percentiles(planningToSeenMicros)))
                    .append(row("booking answer, from its intended send time", percentiles(answered)))
                    .append("| raw Kafka produce → consume, same broker (").append(roundTrip.get("messages")).append(" at 200/s, acks=all) | ")
                    .append(round((double) roundTrip.get("p50Millis"))).append(" | ").append(round((double) roundTrip.get("p95Millis")))
                    .append(" | ").append(round((double) roundTrip.get("p99Millis"))).append(" | ")
                    .append(round((double) roundTrip.get("maxMillis"))).append(" |\n\n")
                    .append("Refused bookings: ").append(refused.get()).append("; reminders not seen within 30 s: ").append(missing.get())
                    .append(". Goal: booked → reminders scheduled p99 under 1 s: ").append(p99 < 1000 && missing.get() == 0 ? "met" : "missed")
                    .append(" (").append(p99).append(" ms). Load average (1, 5, 15 min) before / after the scenario: ")
                    .append(figures.get("loadAverageBeforeAfter")).append(" (above the core count, other work shared the machine).\n\n");
            stopProcesses();
        }
    }

    private void insights() throws Exception {
        progress("insights: a year of one practice group in the read model, a month's dashboard, the feed at a fixed rate");
        String loadBefore = loadAverage();
        int rate = Integer.getInteger("bench.insights.rate", 200);
        int seconds = Integer.getInteger("bench.insights.seconds", 60);
        int rounds = Integer.getInteger("bench.insights.rounds", 50);
        try (InProcessInfrastructure infrastructure = InProcessInfrastructure.onFreePorts()) {
            String service = startService("insights-service", "bench.insights.jvm", infrastructure, List.of());
            awaitHttp(service + "/actuator/health/readiness", Duration.ofSeconds(120));
            InsightsLoad load = new InsightsLoad(infrastructure.kafkaBootstrapServers(), infrastructure.mongoConnectionString());
            load.defineClinics();
            long documents = load.loadYear();
            String admin = TestIdentity.token().subject("bench-admin").tenant(InsightsLoad.TENANT).roles("ADMIN").lifetime(Duration.ofHours(2)).sign();
            HttpClient http = HttpClient.newHttpClient();
            List<String> tables = List.of("flow", "conversion", "follow-up", "money", "experience", "supplies");
            String month = "?from=2025-06-01&to=2025-06-30&granularity=MONTH";
            // the clinics arrive through Kafka: wait until every one is known
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                HttpResponse<String> flow = http.send(HttpRequest.newBuilder(URI.create(service + "/api/insights/v1/flow" + month))
                        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
                if (flow.statusCode() == 200 && InsightsLoad.CLINICS.stream().allMatch(flow.body()::contains)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("insights-service did not learn the clinics within 60 s; see " + LOGS);
                }
                Thread.sleep(200);
            }
            Map<String, Histogram> perTable = new LinkedHashMap<>();
            tables.forEach(t -> perTable.put(t, new Histogram(TimeUnit.SECONDS.toNanos(60), 3)));
            Histogram providersByDay = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram dashboard = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int round = 0; round < rounds + 10; round++) {
                boolean measured = round >= 10;
                long begin = System.nanoTime();
                try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    List<java.util.concurrent.Future<Long>> answers = new ArrayList<>();
                    for (String table : tables) {
                        answers.add(executor.submit(() -> {
                            long start = System.nanoTime();
                            send(http, "GET", service + "/api/insights/v1/" + table + month, admin, null);
                            return System.nanoTime() - start;
                        }));
                    }
                    for (int t = 0; t < tables.size(); t++) {
                        long took = answers.get(t).get();
                        if (measured) {
                            perTable.get(tables.get(t)).recordValue(took);
                        }
                    }
                }
                if (measured) {
                    dashboard.recordValue(System.nanoTime() - begin);
                }
                long start = System.nanoTime();
                send(http, "GET", service + "/api/insights/v1/flow?from=2025-06-01&to=2025-06-30&granularity=DAY&by=PROVIDER", admin, null);
                if (measured) {
                    providersByDay.recordValue(System.nanoTime() - start);
                }
            }

            progress("insights: the feed at " + rate + " events/s for " + seconds + " s");
            int total = rate * seconds;
            Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
            long mostBehind = 0;
            try (KafkaProducer<String, byte[]> producer = load.producer();
                 com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(infrastructure.mongoConnectionString())) {
                var processed = mongo.getDatabase("liaison_insights").getCollection("processed_events");
                long before = processed.countDocuments();
                long first = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = first + TimeUnit.SECONDS.toNanos(1) * i / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String id = UUID.randomUUID().toString();
                    int appointment = i / 5;
                    String clinic = InsightsLoad.CLINICS.get(appointment % 5);
                    Instant at = Instant.parse("2025-07-01T14:00:00Z").plusSeconds(appointment * 600L);
                    String apt = "live-" + appointment;
                    ProducerRecord<String, byte[]> record = switch (i % 5) {
                        case 0 -> InsightsLoad.event(id, "health.liaison.scheduling.appointment.booked.v1", "scheduling.appointment.v1", apt, clinic, at.minusSeconds(86_400),
                                "{\"appointmentId\":\"" + apt + "\",\"patientId\":\"p-" + appointment + "\",\"locationId\":\"" + clinic
                                        + "\",\"appointmentTypeId\":\"consultation\",\"category\":\"CONSULTATION\",\"providerIds\":[\"dr-1\"],\"roomIds\":[],\"start\":\""
                                        + at + "\",\"end\":\"" + at.plusSeconds(3600) + "\"}");
                        case 1 -> InsightsLoad.event(id, "health.liaison.scheduling.appointment.checked-in.v1", "scheduling.appointment.v1", apt, clinic, at,
                                "{\"appointmentId\":\"" + apt + "\",\"patientId\":\"p-" + appointment + "\",\"locationId\":\"" + clinic
                                        + "\",\"appointmentTypeId\":\"consultation\",\"category\":\"CONSULTATION\",\"checkedInAt\":\"" + at + "\"}");
                        case 2 -> InsightsLoad.event(id, "health.liaison.scheduling.appointment.flow-advanced.v1", "scheduling.appointment.v1", apt, clinic, at,
                                "{\"appointmentId\":\"" + apt + "\",\"locationId\":\"" + clinic + "\",\"step\":\"ROOMED\",\"at\":\"" + at.plusSeconds(300) + "\"}");
                        case 3 -> InsightsLoad.event(id, "health.liaison.scheduling.appointment.flow-advanced.v1", "scheduling.appointment.v1", apt, clinic, at,
                                "{\"appointmentId\":\"" + apt + "\",\"locationId\":\"" + clinic + "\",\"step\":\"WITH_PROVIDER\",\"at\":\"" + at.plusSeconds(600) + "\"}");
                        default -> InsightsLoad.event(id, "health.liaison.scheduling.appointment.completed.v1", "scheduling.appointment.v1", apt, clinic, at,
                                "{\"appointmentId\":\"" + apt + "\",\"patientId\":\"p-" + appointment + "\",\"locationId\":\"" + clinic
                                        + "\",\"appointmentTypeId\":\"consultation\",\"category\":\"CONSULTATION\",\"completedAt\":\"" + at.plusSeconds(2400) + "\"}");
                    };
                    sentAt.put(id, System.currentTimeMillis());
                    producer.send(record);
                    if (i % rate == 0) {
                        mostBehind = Math.max(mostBehind, i - (processed.countDocuments() - before));
                    }
                }
                producer.flush();
                long sendEnd = System.nanoTime();
                long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (processed.countDocuments() - before < total && System.nanoTime() < drainDeadline) {
                    Thread.sleep(20);
                }
                long drained = System.nanoTime();
                List<Long> latencies = new ArrayList<>();
                for (org.bson.Document handled : processed.find(new org.bson.Document("eventId", new org.bson.Document("$in", new ArrayList<>(sentAt.keySet()))))) {
                    Long sent = sentAt.get(handled.getString("eventId"));
                    if (sent != null) {
                        latencies.add((handled.getDate("processedAt").getTime() - sent) * 1000);
                    }
                }
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("clinics", InsightsLoad.CLINICS.size());
                figures.put("providers", 30);
                figures.put("appointments", InsightsLoad.APPOINTMENTS);
                figures.put("readModelDocuments", documents);
                figures.put("dashboardRounds", rounds);
                figures.put("monthDashboardSixTablesAtOnceMillis", percentiles(dashboard));
                Map<String, Object> tableFigures = new LinkedHashMap<>();
                perTable.forEach((t, h) -> tableFigures.put(t, percentiles(h)));
                figures.put("monthTableMillis", tableFigures);
                figures.put("monthFlowByProviderByDayMillis", percentiles(providersByDay));
                figures.put("feedRatePerSecond", rate);
                figures.put("feedEvents", total);
                figures.put("feedHandled", latencies.size());
                figures.put("feedSendToHandledMillis", percentiles(latencies));
                figures.put("feedMostBehindEvents", mostBehind);
                figures.put("feedDrainAfterLastSendMillis", round((drained - sendEnd) / 1e6));
                figures.put("feedHandledRatePerSecond", round(latencies.size() / ((drained - first) / 1e9)));
                figures.put("loadAverageBeforeAfter", loadBefore + " / " + loadAverage());
                report.put("insights", figures);
                double p95 = (double) percentiles(dashboard).get("p95");
                boolean keptUp = latencies.size() == total && (drained - sendEnd) < TimeUnit.SECONDS.toNanos(5);
                markdown.append("## Insights: a year of one practice group\n\n")
                        .append("insights-service alone on an in-process KRaft broker and MongoDB wire server. The read model holds a year (2025) of "
                                + "one practice group: 5 clinics (5 time zones), 30 providers, ").append(InsightsLoad.APPOINTMENTS)
                        .append(" appointments with their flow times, 12,000 inquiries, their quotes and 600 complaints (").append(documents)
                        .append(" fact documents, written as the feed writes them; the clinics came through `location.changed` on Kafka). "
                                + "A dashboard is the month's six tables (June 2025, all clinics, ADMIN) asked at once; ").append(rounds)
                        .append(" rounds after 10 unmeasured.\n\n| measure | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n")
                        .append(row("**month dashboard (6 tables at once)**", percentiles(dashboard)));
                perTable.forEach((t, h) -> markdown.append(row("… " + t, percentiles(h))));
                markdown.append(row("flow by provider by day (30 providers × 30 days)", percentiles(providersByDay)))
                        .append(row("feed: event sent → handled (" + total + " at " + rate + "/s)", percentiles(latencies)))
                        .append("\nGoal: a month's dashboard p95 ≤ 200 ms: ").append(p95 <= 200 ? "met" : "missed").append(" (").append(p95)
                        .append(" ms). The feed: ").append(latencies.size()).append(" of ").append(total).append(" events handled, at most ")
                        .append(mostBehind).append(" behind, drained ").append(figures.get("feedDrainAfterLastSendMillis"))
                        .append(" ms after the last send; goal: keeps up with ").append(rate).append(" events/s: ").append(keptUp ? "met" : "missed")
                        .append(". Load average (1, 5, 15 min) before / after: ").append(figures.get("loadAverageBeforeAfter"))
                        .append(" (the machine is shared with other sessions; above the core count, other work ran beside it).\n\n");
            }
            stopProcesses();
        }
    }

    /** Polls the patient's messages every {@code pollMillis} until {@link #remindersPlanned} answers, or null on time-out. */
    private static Instant awaitReminders(HttpClient http, String notifications, String token, String patientId, int pollMillis,
                                          Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Instant planned = remindersPlanned(http, notifications, token, patientId);
            if (planned != null) {
                return planned;
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
        return null;
    }

    /**
     * One look at the patient's messages: when all {@link #REMINDERS_PER_BOOKING} reminders are there, when
     * notification-service started planning them (their {@code createdAt}); otherwise null.
     */
    private static Instant remindersPlanned(HttpClient http, String notifications, String token, String patientId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(notifications + "/api/notifications/v1/patients/" + patientId + "/messages?size=200"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return null;
        }
        int reminders = 0;
        Instant planned = null;
        for (tools.jackson.databind.JsonNode message : JSON.readTree(answer.body()).get("items")) {
            if ("REMINDER".equals(message.get("kind").asString())) {
                reminders++;
                Instant created = Instant.parse(message.get("createdAt").asString());
                planned = planned == null || created.isBefore(planned) ? created : planned;
            }
        }
        return reminders >= REMINDERS_PER_BOOKING ? planned : null;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Percentiles of durations in microseconds (may be negative: an event can be handled before the 201 arrives). */
    private static Map<String, Object> percentiles(List<Long> micros) {
        List<Long> sorted = micros.stream().sorted().toList();
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int p : new int[]{50, 95, 99}) {
            figures.put("p" + p, sorted.isEmpty() ? 0 : round(sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0));
        }
        figures.put("max", sorted.isEmpty() ? 0 : round(sorted.getLast() / 1000.0));
        return figures;
    }

    private static String row(String measure, Map<String, Object> figures) {
        return "| " + measure + " | " + figures.get("p50") + " | " + figures.get("p95") + " | " + figures.get("p99") + " | "
                + figures.get("max") + " |\n";
    }

    private static String booking(String provider, String clinic, Instant start) {
        return booking("bench-" + UUID.randomUUID(), provider, clinic, start);
    }

    private static String booking(String patientId, String provider, String clinic, Instant start) {
        return "{\"patientId\":\"" + patientId + "\",\"locationId\":\"" + clinic
                + "\",\"appointmentTypeId\":\"consultation\",\"providerIds\":[\"" + provider + "\"],\"start\":\"" + start + "\"}";
    }

    private static void send(HttpClient http, String method, String url, String token, String body) throws Exception {
        int status = sendStatus(http, method, url, token, body);
        if (status >= 400 && status != 409) {
            throw new IllegalStateException(method + " " + url + " answered " + status);
        }
    }

    private static int sendStatus(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double ms(Histogram histogram, double percentile) {
        return round(histogram.getValueAtPercentile(percentile) / 1e6);
    }

    private void footprint() throws Exception {
        progress("footprint: ./liaison run --no-build twice (the first after a build records the CDS archives), then time to "
                + "ready, idle CPU and resident memory of each process");
        String loadBefore = loadAverage();
        // the first run after a build: jars extracted, no class data sharing archive yet (each is recorded at stop)
        Map<String, String> firstRun = new LinkedHashMap<>();
        String first = awaitLiaisonRun(LOGS.resolve("liaison-run-first.log"));
        for (String line : first.split("\n")) {
            if (line.contains("ready: ")) {
                firstRun.put(line.substring(line.indexOf("ready: ") + 7).trim(), line.substring(line.indexOf('[') + 1, line.indexOf("s]")).trim());
            }
        }
        String firstReady = first.substring(first.indexOf("Liaison is ready (") + 18);
        firstRun.put("whole platform", firstReady.substring(0, firstReady.indexOf(' ')));
        Process stopping = processes.getLast();
        stopping.destroy();
        stopping.waitFor(180, TimeUnit.SECONDS);
        processes.remove(stopping);
        String output = awaitLiaisonRun(LOGS.resolve("liaison-run.log"));
        Process run = processes.getLast();
        Map<String, Object> figures = new LinkedHashMap<>();
        markdown.append("## Start-up and memory (./liaison run)\n\nLoad average (1, 5, 15 min) before: ").append(loadBefore)
                .append(".\n\n| process | ready after (s, from the run's start): first run after a build / later runs | resident memory (MB) |\n|---|---:|---:|\n");
        figures.put("firstRunAfterBuildReadySeconds", firstRun);
        long totalKb = 0;
        for (String line : output.split("\n")) {
            if (!line.contains("ready: ")) {
                continue;
            }
            String name = line.substring(line.indexOf("ready: ") + 7).trim();
            String seconds = line.substring(line.indexOf('[') + 1, line.indexOf("s]")).trim();
            long rssKb = rssKb(ROOT.resolve(".liaison/pids/" + name + ".pid"));
            totalKb += rssKb;
            figures.put(name, Map.of("readyAfterSeconds", Integer.parseInt(seconds), "residentMb", rssKb / 1024));
            markdown.append("| ").append(name).append(" | ").append(firstRun.getOrDefault(name, "?")).append(" / ").append(seconds)
                    .append(" | ").append(rssKb / 1024).append(" |\n");
        }
        String ready = output.substring(output.indexOf("Liaison is ready (") + 18);
        ready = ready.substring(0, ready.indexOf(' '));
        figures.put("wholePlatformReadySeconds", Integer.parseInt(ready));
        figures.put("totalResidentMb", totalKb / 1024);
        markdown.append("| **whole platform** | ").append(firstRun.get("whole platform")).append(" / ").append(ready)
                .append(" (after the build) | ").append(totalKb / 1024).append(" |\n\n")
                .append("Goals: whole platform ready ≤ 45 s after the build; each service ready ≤ 15 s and ≤ 300 MB resident.\n\n");
        // idle: what the platform burns with nothing asked of it, after a short settling pause, over a measured minute
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var files = Files.list(ROOT.resolve(".liaison/pids"))) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                pids.put(pidFile.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(pidFile).trim()));
            }
        }
        Duration settle = Duration.ofSeconds(Long.getLong("bench.idle.settle", 20));
        Duration idle = Duration.ofSeconds(Long.getLong("bench.idle.seconds", 60));
        Thread.sleep(settle.toMillis());
        String loadBeforeIdle = loadAverage();
        CpuUse idleUse = CpuUse.start(pids);
        Thread.sleep(idle.toMillis());
        Map<String, Double> idleCores = idleUse.stop();
        double platformIdle = idleCores.entrySet().stream().filter(e -> pids.containsKey(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
        figures.put("idleCores", idleCores);
        figures.put("idleCoresWholePlatform", round(platformIdle));
        markdown.append("Idle (nothing asked of it, ").append(settle.toSeconds()).append(" s after ready, measured over ")
                .append(idle.toSeconds()).append(" s; load average before ").append(loadBeforeIdle).append("): **")
                .append(round(platformIdle * 1000) / 1000.0).append(" cores** for the whole platform (goal ≤ 0.03); per process ")
                .append(idleCores).append(".\n\n");
        // then some use through the gateway (reads with a real token, within its 600 a minute), and every process's resident memory after it
        HttpClient http = HttpClient.newHttpClient();
        String token = localToken(http);
        int requests = Integer.getInteger("bench.footprint.requests", 550);
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            String path = switch (i % 3) {
                case 0 -> "/api/scheduling/v1/locations";
                case 1 -> "/api/records/v1/patients?limit=20";
                default -> "/api/billing/v1/invoices";
            };
            int status = sendStatus(http, "GET", "http://localhost:8080" + path, token, null);
            if (status >= 500) {
                failed++;
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        markdown.append("Resident memory after ").append(requests).append(" reads through the gateway (").append(failed)
                .append(" answered 5xx): ");
        List<String> parts = new ArrayList<>();
        for (String name : pids.keySet()) {
            long kb = rssKb(ROOT.resolve(".liaison/pids/" + name + ".pid"));
            after.put(name, kb / 1024);
            parts.add(name + " " + kb / 1024 + " MB");
        }
        figures.put("residentMbAfterLoad", after);
        markdown.append(String.join(", ", parts)).append(" (goal ≤ 300 MB each).\n\n");
        report.put("footprint", figures);
        run.destroy();
        run.waitFor(180, TimeUnit.SECONDS);
    }

    private void jmh() throws Exception {
        int forks = Integer.getInteger("bench.jmh.forks", 1);
        int warmups = Integer.getInteger("bench.jmh.warmups", 3);
        int iterations = Integer.getInteger("bench.jmh.iterations", 5);
        int seconds = Integer.getInteger("bench.jmh.seconds", 2);
        String include = System.getProperty("bench.jmh.include", "health\\.liaison\\.benchmarks\\.domain\\..*");
        progress("jmh: domain microbenchmarks, " + forks + " fork(s), " + warmups + " warm-up and " + iterations
                + " measurement iterations of " + seconds + " s");
        org.openjdk.jmh.runner.options.Options options = new org.openjdk.jmh.runner.options.OptionsBuilder()
                .include(include).forks(forks).threads(1)
                .warmupIterations(warmups).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(seconds))
                .jvmArgs("-Xms256m", "-Xmx256m").shouldFailOnError(true)
                .output(LOGS.resolve("jmh.log").toString()).build();
        java.util.Collection<org.openjdk.jmh.results.RunResult> results = new org.openjdk.jmh.runner.Runner(options).run();
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("forks", forks);
        settings.put("warmupIterations", warmups);
        settings.put("measurementIterations", iterations);
        settings.put("secondsPerIteration", seconds);
        settings.put("threads", 1);
        settings.put("jvm", Runtime.version().toString());
        figures.put("settings", settings);
        markdown.append("## Domain microbenchmarks (JMH)\n\n")
                .append("In memory, one thread, no MongoDB or HTTP: `SlotFinder` and `Interval` of scheduling-service with the "
                        + "inputs of the availability endpoints. ").append(forks).append(" fork(s), ").append(warmups)
                .append(" × ").append(seconds).append(" s warm-up, ").append(iterations).append(" × ").append(seconds)
                .append(" s measured; error is JMH's 99.9% confidence half-width (wide with few iterations).\n\n")
                .append("| benchmark | case | average time | ± error | unit |\n|---|---|---:|---:|---:|\n");
        for (org.openjdk.jmh.results.RunResult result : results.stream()
                .sorted(java.util.Comparator.comparing((org.openjdk.jmh.results.RunResult r) -> r.getParams().getBenchmark())
                        .thenComparing(r -> String.valueOf(r.getParams().getParam("candidate")))).toList()) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            String param = result.getParams().getParam("candidate");
            String key = param == null ? name : name + ":" + param;
            org.openjdk.jmh.results.Result<?> primary = result.getPrimaryResult();
            double error = Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError();
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("score", round(primary.getScore()));
            figure.put("error", round(error));
            figure.put("unit", primary.getScoreUnit());
            figure.put("mode", result.getParams().getMode().shortLabel());
            figures.put(key, figure);
            markdown.append("| ").append(name).append(" | ").append(param == null ? "" : param).append(" | ")
                    .append(round(primary.getScore())).append(" | ").append(round(error)).append(" | ")
                    .append(primary.getScoreUnit()).append(" |\n");
        }
        markdown.append("\nOverlap: one candidate against a calendar of 200 busy intervals (free: all 200 compared; clash: "
                + "stops at the 100th). Slot search: one surgeon × 30 days with 200 bookings; 20 providers × 3 clinics × 7 days, "
                + "first 20 slots. The whole JMH output is in benchmarks/target/bench-logs/jmh.log.\n\n");
        report.put("jmh", figures);
    }

    /**
     * Sections and figures of the previous report that this run did not measure are kept (a run of one scenario does
     * not wipe the others), each marked with the run it comes from.
     */
    @SuppressWarnings("unchecked")
    private void keepEarlierSections(Path results) throws IOException {
        Path json = results.resolve("latest.json");
        Path md = results.resolve("latest.md");
        if (!Files.exists(json) || !Files.exists(md)) {
            return;
        }
        Map<String, Object> previous = JsonMapper.builder().build().readValue(json.toFile(), LinkedHashMap.class);
        String when = String.valueOf(previous.get("when"));
        Map<String, Object> keptFrom = new LinkedHashMap<>();
        if (previous.get("keptFrom") instanceof Map<?, ?> earlier) {
            earlier.forEach((k, v) -> keptFrom.put(String.valueOf(k), v));
        }
        // the previous report's order: measured figures in their old place, kept ones marked, new ones at the end
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("when", report.get("when"));
        ordered.put("machine", report.get("machine"));
        previous.forEach((key, value) -> {
            if (List.of("when", "machine", "keptFrom").contains(key)) {
                return;
            }
            if (report.containsKey(key)) {
                ordered.put(key, report.get(key));
            } else {
                ordered.put(key, value);
                keptFrom.putIfAbsent(key, when);
            }
        });
        report.forEach(ordered::putIfAbsent);
        keptFrom.keySet().removeIf(key -> report.containsKey(key) || !ordered.containsKey(key));
        if (!keptFrom.isEmpty()) {
            ordered.put("keptFrom", keptFrom);
        }
        report.clear();
        report.putAll(ordered);
        // the previous report's order, each measured section in its old place, new ones at the end
        String now = markdown.toString();
        List<String> fresh = sections(now);
        String header = fresh.isEmpty() ? now : now.substring(0, now.indexOf(fresh.getFirst()));
        List<String> freshHeadings = fresh.stream().map(BenchmarkRunner::heading).toList();
        StringBuilder merged = new StringBuilder(header);
        List<String> placed = new ArrayList<>();
        String marker = "_Kept from the run of ";
        for (String section : sections(Files.readString(md))) {
            int index = freshHeadings.indexOf(heading(section));
            if (index >= 0) {
                merged.append(fresh.get(index));
                placed.add(heading(section));
                continue;
            }
            if (!section.contains(marker)) {
                int end = section.indexOf('\n') + 1;
                section = section.substring(0, end) + "\n" + marker + when + " (not measured in the latest run)._\n"
                        + section.substring(end);
            }
            merged.append(section.stripTrailing()).append("\n\n");
        }
        fresh.stream().filter(section -> !placed.contains(heading(section))).forEach(merged::append);
        markdown.setLength(0);
        markdown.append(merged);
    }

    /** The "## " sections of a report, each from its heading up to the next. */
    private static List<String> sections(String markdown) {
        List<String> sections = new ArrayList<>();
        int at = markdown.startsWith("## ") ? 0 : markdown.indexOf("\n## ") + 1;
        if (at == 0 && !markdown.startsWith("## ")) {
            return sections;
        }
        while (true) {
            int next = markdown.indexOf("\n## ", at);
            if (next < 0) {
                sections.add(markdown.substring(at));
                return sections;
            }
            sections.add(markdown.substring(at, next + 1));
            at = next + 1;
        }
    }

    private static String heading(String section) {
        return section.substring(0, section.indexOf('\n') < 0 ? section.length() : section.indexOf('\n')).trim();
    }

    private static long rssKb(Path pidFile) throws IOException {
        String pid = Files.readString(pidFile).trim();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private void start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        processes.add(builder.start());
    }

    private void stopProcesses() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static void awaitHttp(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(url + " did not answer within " + timeout + "; see " + LOGS);
    }

    private static List<String> javaWithClasspath(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp",
                Files.readString(ROOT.resolve("benchmarks/target/classpath.txt")).trim() + File.pathSeparator
                        + ROOT.resolve("benchmarks/target/classes")));
        command.addAll(args);
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jar(String module) {
        Path jar = ROOT.resolve(module + "/target/" + module + "-" + VERSION + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap for the load generator, Java "
                + System.getProperty("java.version");
    }

    /**
     * Starts the gateway's exec jar as production runs it (the flags of docker/jvm.options, the images' and
     * ./liaison run's; a 256 MB heap; {@code -Dbench.gateway.jvm} adds JVM options, {@code -Dbench.gateway.args}
     * arguments), routing each area to its URI, with test JWTs and its rate-limit counters at {@code mongoUri}.
     * Answers its port once it is ready.
     */
    private int startGateway(Map<String, String> routes, String mongoUri, List<String> args) throws IOException, InterruptedException {
        int gatewayPort = freePort();
        List<String> gateway = new ArrayList<>(List.of(java(), productionJvmOptions(), "-Xmx256m"));
        String jvm = System.getProperty("bench.gateway.jvm", "");
        if (!jvm.isBlank()) {
            gateway.addAll(List.of(jvm.trim().split("\\s+")));
        }
        gateway.addAll(List.of("-jar", jar("gateway").toString(), "--server.port=" + gatewayPort,
                "--spring.mongodb.uri=" + mongoUri,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentity.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIdentity.jwkSetUri(),
                "--management.tracing.sampling.probability=0.1", "--management.server.port=" + freePort()));
        routes.forEach((area, uri) -> gateway.add("--liaison.routes." + area + ".uri=" + uri));
        gateway.addAll(args);
        String extra = System.getProperty("bench.gateway.args", "");
        if (!extra.isBlank()) {
            gateway.addAll(List.of(extra.trim().split("\\s+")));
        }
        start("gateway", gateway, Map.of("LIAISON_LOG_FORMAT", ""));
        // the gateway's actuator is on its management port; the public port keeps the probes' /readyz
        awaitHttp("http://127.0.0.1:" + gatewayPort + "/readyz", Duration.ofSeconds(120));
        return gatewayPort;
    }

    /** Starts {@code ./liaison run --no-build} and answers its output once it says it is ready. */
    private String awaitLiaisonRun(Path log) throws Exception {
        Process run = new ProcessBuilder(ROOT.resolve("liaison").toString(), "run", "--no-build")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        String output = "";
        while (System.nanoTime() < deadline && run.isAlive()) {
            output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains("Liaison is ready")) {
                return output;
            }
            run.waitFor(1, TimeUnit.SECONDS);
        }
        throw new IllegalStateException("./liaison run did not get ready; see " + log);
    }

    /** A token of the local stack's demo coordinator (client credentials, as README shows). */
    private static String localToken(HttpClient http) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString("coordinator@aurora:liaison".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:9000/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).get("access_token").asString();
    }

    /** The JVM flags every Liaison process runs with in production, as a java argument file. */
    private static String productionJvmOptions() {
        return "@" + ROOT.resolve("docker/jvm.options");
    }

    /** The 1, 5 and 15 minute load averages ("1.2 0.8 0.5"), or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void progress(String message) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), message);
    }
}
