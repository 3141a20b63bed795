package health.liaison.systemtests;

import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.TestIdentity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One Liaison service started in this JVM on a free port against the shared infrastructure, as its own Spring
 * application (its own beans, database and consumer groups), the way it runs in production.
 */
final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    private static final String TEST_KEYS = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "liaison-system-test-keys-" + ProcessHandle.current().pid()).toString();

    static RunningService start(Class<?> application, String name, String database, Infrastructure infrastructure, String... extra) {
        return startTrusting(application, name, database, infrastructure, TestIdentity.issuer(), TestIdentity.jwkSetUri(), extra);
    }

    /** A service that trusts the given issuer (e.g. the local stack's authorization server). */
    static RunningService startTrusting(Class<?> application, String name, String database, Infrastructure infrastructure,
                                        String issuer, String jwkSetUri, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.location=" + ownConfiguration(application),
                "--spring.application.name=" + name,
                "--spring.mongodb.uri=" + infrastructure.mongoConnectionString(),
                "--spring.mongodb.database=" + database,
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + jwkSetUri,
                "--liaison.outbox.poll-interval=200ms",
                // the records service seals patient data: throwaway keys for the tests (other services ignore this)
                "--liaison.records.encryption.dev-key-directory=" + TEST_KEYS,
                "--liaison.notifications.encryption.dev-key-directory=" + TEST_KEYS));
        args.addAll(List.of(extra));
        if (args.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=0");
        }
        return new RunningService(new SpringApplicationBuilder(application).run(args.toArray(String[]::new)));
    }

    /**
     * Every service ships an application.yml at its classpath root; on the shared classpath of these tests only one
     * would be found, so each service is pointed at the file inside its own jar (or classes directory).
     */
    static String ownConfiguration(Class<?> application) {
        try {
            java.net.URL location = application.getProtectionDomain().getCodeSource().getLocation();
            java.nio.file.Path path = java.nio.file.Path.of(location.toURI());
            return java.nio.file.Files.isDirectory(path)
                    ? "file:" + path.resolve("application.yml")
                    : "jar:" + path.toUri() + "!/application.yml";
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ApiClient api() {
        return ApiClient.onPort(port());
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
