package health.liaison.platform.testing;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Apache Kafka broker (KRaft, KafkaClusterTestKit via Spring's {@link EmbeddedKafkaKraftBroker})
 * and a MongoDB wire-protocol server (mongo-java-server) in this JVM, both on loopback TCP ports. The MongoDB
 * server keeps data in memory, or on disk (H2 MVStore) when given a data directory. It has no sessions and no
 * multi-document transactions, which is why Liaison's correctness rests on single-document atomic writes.
 */
public final class InProcessInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(InProcessInfrastructure.class);

    private final TcpGate kafkaGate;
    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final InetSocketAddress mongoAddress;

    private InProcessInfrastructure(int kafkaPort, int mongoPort, Path mongoDataDirectory) {
        this.kafkaGate = new TcpGate(kafkaPort);
        this.kafkaGate.open();
        this.kafka = startBroker(kafkaGate.port());
        String[] direct = kafka.getBrokersAsString().split(",")[0].split(":");
        kafkaGate.forwardTo(direct[0], Integer.parseInt(direct[1]));
        MongoBackend backend = mongoDataDirectory == null ? new MemoryBackend() : h2Backend(mongoDataDirectory);
        this.mongo = new MongoServer(backend);
        this.mongo.bind("127.0.0.1", mongoPort);
        this.mongoAddress = mongo.getLocalAddress();
        log.info("In-process infrastructure ready: Kafka {} MongoDB {}", kafkaBootstrapServers(), mongoConnectionString());
    }

    /** Both servers on free ports, MongoDB in memory: what tests use. */
    public static InProcessInfrastructure onFreePorts() {
        return new InProcessInfrastructure(0, 0, null);
    }

    /** Fixed ports and a MongoDB that persists to {@code mongoDataDirectory}: what the local stack uses. */
    public static InProcessInfrastructure onPorts(int kafkaPort, int mongoPort, Path mongoDataDirectory) {
        return new InProcessInfrastructure(kafkaPort, mongoPort, mongoDataDirectory);
    }

    private static MongoBackend h2Backend(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the MongoDB data directory " + directory
                    + ": check its permissions or choose another with --data-dir", e);
        }
        return new H2Backend(directory.resolve("liaison.mv").toString());
    }

    /**
     * A single combined KRaft node (controller and broker) from Apache Kafka's own server code. It advertises the
     * gate's address, so clients always connect through the gate.
     */
    private static EmbeddedKafkaKraftBroker startBroker(int advertisedPort) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerListProperty("liaison.embedded.kafka.direct");
        broker.brokerProperties(Map.of(
                "advertised.listeners", "EXTERNAL://127.0.0.1:" + advertisedPort,
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return broker;
    }

    /** Makes the broker reachable again, on the same address, with everything it stored. */
    @Override
    public void startKafka() {
        kafkaGate.open();
    }

    /** Makes the broker unreachable: open connections are cut and new ones refused, as in an outage. */
    @Override
    public void stopKafka() {
        kafkaGate.close();
    }

    @Override
    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaGate.port();
    }

    @Override
    public String mongoConnectionString() {
        return "mongodb://127.0.0.1:" + mongoAddress.getPort();
    }

    @Override
    public String description() {
        return "in-process Kafka (KRaft) and mongo-java-server";
    }

    @Override
    public void close() {
        kafkaGate.close();
        kafka.destroy();
        mongo.shutdownNow();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free TCP port on loopback", e);
        }
    }
}
