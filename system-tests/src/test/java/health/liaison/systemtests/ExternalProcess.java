package health.liaison.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A Liaison executable jar started as its own process, as in production, with its log under target/. */
final class ExternalProcess implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final Process process;
    private final int port;
    private final Path logFile;

    private ExternalProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    static ExternalProcess start(String module, int port, Map<String, String> env, String... args) throws IOException {
        Path jar = ROOT.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (./mvnw -DskipTests install)");
        }
        Path logs = Path.of("target/system-logs");
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port));
        // the gateway serves its actuator on a management port of its own (9080 by default); its probe on the public port is /readyz
        boolean gateway = module.equals("gateway");
        if (gateway) {
            command.add("--management.server.port=" + freePort());
        }
        // the console serves everything under its context path, its probes too
        String readiness = gateway ? "/readyz" : (module.equals("console") ? "/console" : "") + "/actuator/health/readiness";
        command.addAll(List.of(args));
        Path logFile = logs.resolve(module + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LIAISON_LOG_FORMAT", "");
        ExternalProcess started = new ExternalProcess(builder.start(), port, logFile);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!started.process.isAlive()) {
                throw new IllegalStateException(module + " exited while starting; see " + logs.resolve(module + "-" + port + ".log"));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readiness)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return started;
    }

    int port() {
        return port;
    }

    /** Everything the process wrote, standard output and error. */
    Path logFile() {
        return logFile;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
