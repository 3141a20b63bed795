package health.liaison.platform.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The infrastructure of this test JVM, started once and shared by every test class and Spring context in it.
 * The system property {@code liaison.infrastructure} chooses: {@code in-process} (default: a real Kafka broker and
 * a MongoDB wire-protocol server in this JVM) or {@code containers} (Testcontainers; where no Docker engine is
 * available, the tests are skipped with a message saying so, never failed and never faked).
 */
public final class TestInfrastructure {

    public static final String MODE_PROPERTY = "liaison.infrastructure";
    public static final String NO_DOCKER_MESSAGE = "No Docker engine is available on this machine, so the "
            + "Testcontainers run (mongo:8, apache/kafka) is skipped; the same tests ran against the in-process "
            + "Kafka broker and MongoDB server. Run with -Dliaison.infrastructure=containers where Docker exists.";

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static Infrastructure shared;

    private TestInfrastructure() {
    }

    public static String mode() {
        return System.getProperty(MODE_PROPERTY, "in-process").toLowerCase(Locale.ROOT);
    }

    public static boolean containersWanted() {
        return mode().equals("containers");
    }

    /** Whether this JVM can provide the chosen infrastructure; false only for containers without Docker. */
    public static boolean available() {
        return !containersWanted() || ContainerInfrastructure.dockerAvailable();
    }

    public static synchronized Infrastructure get() {
        if (shared == null) {
            if (containersWanted()) {
                if (!ContainerInfrastructure.dockerAvailable()) {
                    throw new IllegalStateException(NO_DOCKER_MESSAGE);
                }
                shared = new ContainerInfrastructure();
            } else {
                shared = InProcessInfrastructure.onFreePorts();
            }
            log.info("Test infrastructure: {}", shared.description());
            Infrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "liaison-test-infrastructure-stop"));
        }
        return shared;
    }
}
