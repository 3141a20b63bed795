package health.liaison.platform.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** Real {@code mongo:8} (replica set) and {@code apache/kafka} containers, for machines with a Docker engine. */
final class ContainerInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MONGO_IMAGE = "mongo:8.0";

    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;

    ContainerInfrastructure() {
        kafka = new KafkaContainer(KAFKA_IMAGE);
        mongo = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
        kafka.start();
        mongo.start();
    }

    private static volatile Boolean dockerAvailable;

    static boolean dockerAvailable() {
        if (dockerAvailable == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                available = false;
            }
            dockerAvailable = available;
        }
        return dockerAvailable;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String mongoConnectionString() {
        String url = mongo.getReplicaSetUrl();
        // getReplicaSetUrl ends with "/test"; services choose their own database
        return url.substring(0, url.lastIndexOf('/'));
    }

    @Override
    public String description() {
        return "Testcontainers " + MONGO_IMAGE + " and " + KAFKA_IMAGE;
    }

    @Override
    public void stopKafka() {
        kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void close() {
        kafka.stop();
        mongo.stop();
    }
}
