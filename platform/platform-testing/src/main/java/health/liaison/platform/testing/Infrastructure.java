package health.liaison.platform.testing;

/**
 * Where a Kafka broker and a MongoDB server can be reached. Implementations start real servers: in this JVM
 * (a KRaft broker from Apache Kafka's own server code and a MongoDB wire-protocol server) or, where a Docker
 * engine exists, {@code mongo:8} and {@code apache/kafka} containers.
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    /** A connection string without database; services append their own database name. */
    String mongoConnectionString();

    String description();

    /** Stops the Kafka broker only (the reliability tests use this to simulate an outage). */
    void stopKafka();

    /** Starts the Kafka broker again on the same address after {@link #stopKafka()}. */
    void startKafka();

    @Override
    void close();
}
