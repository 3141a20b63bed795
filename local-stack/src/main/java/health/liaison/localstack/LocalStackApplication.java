package health.liaison.localstack;

import health.liaison.platform.testing.InProcessInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Real infrastructure on localhost for the run command and for developers: an Apache Kafka broker (KRaft) on 9092,
 * a MongoDB wire-protocol server on 27017 that keeps its data under {@code .liaison/data} (so demo data survives a
 * restart), an SMTP server on 3025 (received mail at {@code /dev/mail}), and the OAuth2 authorization server with the
 * demo practice groups on 9000. With
 * {@code LIAISON_LOCAL_STACK_MODE=identity-only} (docker compose, where real MongoDB and Kafka run) only the
 * authorization server starts. {@code seed-demo [gateway-url] [token-url]} seeds the demo practice group through a
 * running platform's gateway instead ({@link health.liaison.localstack.demo.DemoData}).
 */
@SpringBootApplication
public class LocalStackApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalStackApplication.class);

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("seed-demo")) {
            // a client of the running platform, not the stack itself: seeds the demo practice group over HTTP and exits
            health.liaison.localstack.demo.DemoData.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String mode = env("LIAISON_LOCAL_STACK_MODE", "full").toLowerCase(Locale.ROOT);
        if (!mode.equals("identity-only")) {
            int kafkaPort = Integer.parseInt(env("LIAISON_KAFKA_PORT", "9092"));
            int mongoPort = Integer.parseInt(env("LIAISON_MONGODB_PORT", "27017"));
            Path data = Path.of(env("LIAISON_DATA_DIR", ".liaison/data")).toAbsolutePath();
            log.info("Starting Kafka (KRaft) on {} and MongoDB on {} with data in {}", kafkaPort, mongoPort, data);
            InProcessInfrastructure infrastructure = InProcessInfrastructure.onPorts(kafkaPort, mongoPort, data);
            Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "local-stack-stop"));
        } else {
            System.setProperty("liaison.local-stack.smtp.enabled", "false");
        }
        SpringApplication.run(LocalStackApplication.class, args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
