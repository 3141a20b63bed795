package health.liaison.platform.testing;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, KafkaClusterTestKit via Spring's {@link EmbeddedKafkaKraftBroker})
 * and a MongoDB wire-protocol server (mongo-java-server) in this JVM, both on loopback TCP ports. The MongoDB
 * server keeps data in memory, or on disk (H2 MVStore) when given a data directory. It has no sessions and no
 * multi-document transactions, which is why Liaison's correctness rests on single-document atomic writes.
 */
public final class InProcessInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(InProcessInfrastructure.class);

    /** The broker's own account when clients must authenticate (SASL PLAIN, a super user): it creates the others. */
    public static final String KAFKA_ADMIN_USER = "liaison-admin";
    private static final String KAFKA_ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

    private final TcpGate kafkaGate;
    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final InetSocketAddress mongoAddress;
    private final boolean authenticated;

    private InProcessInfrastructure(int kafkaPort, int mongoPort, Path mongoDataDirectory) {
        this(kafkaPort, mongoPort, mongoDataDirectory, false);
    }

    private InProcessInfrastructure(int kafkaPort, int mongoPort, Path mongoDataDirectory, boolean authenticated) {
        this.authenticated = authenticated;
        this.kafkaGate = new TcpGate(kafkaPort);
        this.kafkaGate.open();
        this.kafka = startBroker(kafkaGate.port(), authenticated);
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

    /**
     * Both servers on free ports, and a broker like production's: every client authenticates over SASL
     * (SCRAM-SHA-512 for services, whose credentials {@link #addScramUser} stores in the cluster's metadata; PLAIN for
     * the admin account) and is authorized by Kafka's {@code StandardAuthorizer} with ACLs (nothing is allowed
     * without one). The transport is SASL_PLAINTEXT on loopback; production adds TLS around the same exchange.
     */
    public static InProcessInfrastructure onFreePortsWithScramAndAcls() {
        return new InProcessInfrastructure(0, 0, null, true);
    }

    /** Client properties of the broker's admin (a super user): to create topics, SCRAM users and ACLs. */
    public Map<String, Object> kafkaAdminProperties() {
        if (!authenticated) {
            return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
        }
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, plainLogin(KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD));
    }

    /** Stores SCRAM-SHA-512 credentials for {@code user} in the cluster (as Strimzi's user operator does). */
    public void addScramUser(String user, String password) {
        try (Admin admin = Admin.create(kafkaAdminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not store SCRAM credentials for " + user, e);
        }
    }

    /** The JAAS line a client authenticates with as {@code user} over SCRAM-SHA-512 (what Strimzi's Secret holds). */
    public static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String plainLogin(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
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
    private static EmbeddedKafkaKraftBroker startBroker(int advertisedPort, boolean authenticated) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerListProperty("liaison.embedded.kafka.direct");
        Map<String, String> properties = new HashMap<>(Map.of(
                "advertised.listeners", "EXTERNAL://127.0.0.1:" + advertisedPort,
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        if (authenticated) {
            // clients (and the broker itself, as the admin) authenticate on EXTERNAL; the controller listener stays
            // on loopback inside this JVM, its peer (the broker) anonymous and a super user like the admin
            properties.put("auto.create.topics.enable", "false");
            properties.put("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            properties.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            properties.put("listener.name.external.plain.sasl.jaas.config", plainLogin(KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD)
                    .replace(";", " user_" + KAFKA_ADMIN_USER + "=\"" + KAFKA_ADMIN_PASSWORD + "\";"));
            properties.put("listener.name.external.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            properties.put("super.users", "User:" + KAFKA_ADMIN_USER + ";User:ANONYMOUS");
            properties.put("allow.everyone.if.no.acl.found", "false");
        }
        broker.brokerProperties(properties);
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
